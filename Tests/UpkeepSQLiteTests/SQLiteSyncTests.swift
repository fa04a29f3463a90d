import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

/// The sync job's rotating consistency check and the calls it makes, over SQLite stores.
@Suite struct SQLiteSyncTests {
    private static func note(_ id: Int64, owner: Int64?, tags: [Int64] = []) -> Record {
        Record(
            kind: .note, id: id, ownerID: owner, tagIDs: tags, fields: ["title": .string("note \(id) \u{E9}\"")],
            createdAt: at(Double(id)), updatedAt: at(Double(id) + 0.5))
    }

    private static func run(
        _ configuration: SyncJob.Configuration,
        on database: SQLiteDatabase,
        clock: ManualClock
    ) async -> JobReport {
        let runner = JobRunner(
            environment: JobEnvironment(
                graph: database.graph, records: database.records, cache: database.cache, ledger: database.ledger,
                clock: clock))
        return await runner.run(SyncJob(configuration: configuration))
    }

    @Test func idBoundsAreEachKindsSmallestAndLargestID() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()
        try await database.records.upsertRecords(
            [Self.note(-7, owner: nil), Self.note(40, owner: nil), Self.note(3, owner: nil)]
                + [Record(kind: .user, id: 900, createdAt: start, updatedAt: start)])

        #expect(try await database.records.idBounds(kind: .note) == -7...40)
        #expect(try await database.records.idBounds(kind: .user) == 900...900)
        #expect(try await database.records.idBounds(kind: .tag) == nil)
        await database.close()
    }

    @Test func rotatingCheckWalksTheTableAcrossRunsAndRepairsDriftInTheSQLiteGraph() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let database = try await directory.open(clock: clock)
        let users = (1...5).map { Record(kind: .user, id: $0, createdAt: start, updatedAt: start) }
        try await database.records.upsertRecords(users + (1...300).map { Self.note($0, owner: 1 + $0 % 5) })
        let configuration = SyncJob.Configuration(overlapSeconds: 0, consistencySliceSize: 100)
        let first = await Self.run(configuration, on: database, clock: clock)
        var stale = try #require(try await database.graph.nodes([NodeKey(.note, 250)]).first)
        stale.updatedAt = at(-100)
        try await database.graph.upsertNodes([stale])

        var found: [Int] = []
        for _ in 0..<3 {
            clock.advance(by: .seconds(3_600))
            let report = await Self.run(configuration, on: database, clock: clock)
            #expect(report.status == .succeeded)
            found.append(report.step(SyncJob.verifyStep)?.counts["drift.stale"] ?? 0)
        }

        #expect(first.step(SyncJob.verifyStep)?.counts["slice.ids"] == 100 + 5)
        #expect(found == [0, 1, 0])
        let repaired = try await database.graph.nodes([NodeKey(.note, 250)])
        #expect(repaired.first?.updatedAt == at(250.5))
        #expect(repaired.first?.properties["title"] == .string("note 250 \u{E9}\""))
        let checkpoint = try await database.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(checkpoint?.sliceStarts[.note] == 101)
        #expect(checkpoint?.cursors[.note] == SyncCursor(updatedAt: at(300.5), id: 300))
        await database.close()
    }

    @Test func aResyncedNodeReadsBackExactlyWhetherOrNotItsIndexedColumnsChanged() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()
        let graph = database.graph
        let users = [NodeKey(.user, 1), NodeKey(.user, 2)].map { Node(key: $0, createdAt: start) }
        let note = Node(
            key: NodeKey(.note, 7), properties: ["title": "first", "owner": "User:1"], createdAt: at(1),
            updatedAt: at(2))
        try await graph.applySyncBatch(GraphSyncBatch(upsertNodes: users + [note]), checkpoint: SyncCheckpoint())

        var retitled = note
        retitled.properties = ["title": "second \u{1F600}", "status": "archived"]
        retitled.properties["owner"] = "User:1"
        retitled.updatedAt = at(3)
        try await graph.applySyncBatch(GraphSyncBatch(upsertNodes: [retitled]), checkpoint: SyncCheckpoint())
        let afterTitle = try await graph.nodes([note.key])

        var moved = retitled
        moved.properties["owner"] = "User:2"
        moved.createdAt = at(0)
        moved.updatedAt = at(4)
        try await graph.applySyncBatch(GraphSyncBatch(upsertNodes: [moved]), checkpoint: SyncCheckpoint())
        let afterMove = try await graph.nodes([note.key])
        let owned = try await graph.ownedItems(by: [NodeKey(.user, 1), NodeKey(.user, 2)], labels: [.note])

        #expect(afterTitle == [retitled])
        #expect(afterMove == [moved])
        #expect(owned[NodeKey(.user, 1)] == nil)
        #expect(owned[NodeKey(.user, 2)]?.map(\.createdAt) == [at(0)])
        #expect(try await graph.digest(label: .note, ids: 7...7).count == 1)
        await database.close()
    }
}
