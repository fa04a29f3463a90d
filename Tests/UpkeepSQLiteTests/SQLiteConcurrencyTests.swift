import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

@Suite struct SQLiteConcurrencyTests {
    @Test func manyParallelWritersOnTwoOpenDatabasesLoseNothing() async throws {
        let directory = try TemporaryDirectory()
        let databases = [try await directory.open(), try await directory.open()]

        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<32 {
                let records = databases[writer % 2].records
                group.addTask {
                    for batch in 0..<5 {
                        let base = Int64(writer * 1_000 + batch * 10)
                        let batch = (0..<10).map { Record(kind: .note, id: base + $0, createdAt: at(0)) }
                        try await records.upsertRecords(batch)
                    }
                }
                group.addTask { _ = try await databases[0].records.changes(kind: .note, after: nil, limit: 50) }
            }
            try await group.waitForAll()
        }

        let digest = try await databases[1].records.digest(kind: .note, ids: 0...Int64.max)
        #expect(digest.count == 32 * 5 * 10)
    }
}
