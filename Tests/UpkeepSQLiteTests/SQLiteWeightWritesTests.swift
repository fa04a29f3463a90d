import Foundation
import Testing

@testable import UpkeepSQLite

@Suite struct SQLiteWeightWritesTests {
    private let writes = [
        SQLiteWeightWrites.Write(id: 2, weight: 0.5, boostedThrough: 10, lastInteractionAt: nil),
        SQLiteWeightWrites.Write(id: 5, weight: .nan, boostedThrough: nil, lastInteractionAt: 7),
        SQLiteWeightWrites.Write(id: 9, weight: 1, boostedThrough: 11, lastInteractionAt: 12),
    ]

    @Test func functionReturnsTheBufferedValuesForIdsInAnyOrder() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        let writes = self.writes

        let row = try await connection.withSession("read") { session in
            let buffer = try SQLiteWeightWrites.registered(in: session)
            buffer.load(writes)
            defer { buffer.clear() }
            return try session.first(
                """
                SELECT upkeep_weight_write(5, 0), upkeep_weight_write(9, 2), upkeep_weight_write(2, 1),
                    upkeep_weight_write(3, 0), upkeep_weight_write(5, 1), upkeep_weight_write(5, 3),
                    upkeep_weight_write(2, 3), upkeep_weight_write(10, 0)
                """
            ) { row in (0..<8).map { row.value(Int32($0)) } }
        }

        #expect(row == [.integer(1), .integer(11), .real(0.5), .integer(0), .null, .integer(7), .null, .integer(0)])
    }

    @Test func rangeUpdateWritesOnlyTheBufferedRows() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        let writes = self.writes

        let rows = try await connection.write("update") { session in
            try session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, w REAL, b INTEGER, l INTEGER)")
            for id in 1...10 {
                try session.run("INSERT INTO t VALUES (?1, 0.25, 3, 4)", [.integer(Int64(id))])
            }
            let buffer = try SQLiteWeightWrites.registered(in: session)
            buffer.load(writes)
            defer { buffer.clear() }
            let changed = try session.run(
                """
                UPDATE t SET w = upkeep_weight_write(id, 1), b = upkeep_weight_write(id, 2),
                    l = upkeep_weight_write(id, 3)
                WHERE id >= 2 AND id <= 9 AND upkeep_weight_write(id, 0)
                """)
            #expect(changed == 3)
            return try session.query("SELECT id, w, b, l FROM t WHERE w IS NOT 0.25 ORDER BY id") { row in
                (0..<4).map { row.value(Int32($0)) }
            }
        }

        #expect(
            rows == [
                [.integer(2), .real(0.5), .integer(10), .null],
                [.integer(5), .null, .null, .integer(7)],
                [.integer(9), .real(1), .integer(11), .integer(12)],
            ])
    }

    @Test func unexpectedArgumentsFailTheStatementInsteadOfReturningAValue() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        let writes = self.writes
        let calls = [
            "upkeep_weight_write('2', 1)", "upkeep_weight_write(2, 1.0)", "upkeep_weight_write(NULL, 0)",
            "upkeep_weight_write(2, 4)", "upkeep_weight_write(3, 1)", "upkeep_weight_write(2)",
        ]

        for call in calls {
            await #expect(throws: SQLiteError.self, "\(call)") {
                try await connection.withSession("read") { session in
                    let buffer = try SQLiteWeightWrites.registered(in: session)
                    buffer.load(writes)
                    defer { buffer.clear() }
                    return try session.first("SELECT \(call)") { $0.value(0) }
                }
            }
        }
    }

    @Test func clearedBufferHoldsNoWrites() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        let writes = self.writes

        let found = try await connection.withSession("read") { session in
            let buffer = try SQLiteWeightWrites.registered(in: session)
            buffer.load(writes)
            buffer.clear()
            return try session.first("SELECT upkeep_weight_write(2, 0)") { $0.int64(0) }
        }

        #expect(found == 0)
    }
}
