import Foundation
import Synchronization
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

@Suite struct SQLiteDatabaseOpeningTests {
    @Test func newFileIsMigratedToTheCurrentSchemaInWALMode() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()

        let (version, mode) = try await database.reader.read("inspect") { session in
            (
                try session.first("PRAGMA user_version") { $0.int64(0) },
                try session.first("PRAGMA journal_mode") { $0.text(0) }
            )
        }

        #expect(database.openedSchemaVersion == 0)
        #expect(version == Int64(SQLiteDatabase.schemaVersion))
        #expect(mode == "wal")
    }

    @Test func migrationIsLoggedOnceWithSchemaVersions() async throws {
        let directory = try TemporaryDirectory()
        let events = CapturingLogHandler()
        let logger = UpkeepLogger(handler: events, minimumLevel: .info)

        _ = try await SQLiteDatabase(path: directory.path(), logger: logger)
        _ = try await SQLiteDatabase(path: directory.path(), logger: logger)

        let logged = events.events
        #expect(logged.map(\.message) == ["migrated SQLite database schema"])
        #expect(logged.first?.metadata["upkeep.schema.from"] == "0")
        #expect(logged.first?.metadata["upkeep.schema.to"] == "\(SQLiteDatabase.schemaVersion)")
    }

    @Test func textFileIsRejectedAsNotADatabaseAndLeftUnchanged() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let contents = Data(String(repeating: "these are my notes, not a database\n", count: 200).utf8)
        try contents.write(to: URL(fileURLWithPath: path))

        let error = await #expect(throws: SQLiteError.self) { try await directory.open() }

        #expect(error?.code == .notADatabase)
        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == contents)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }

    @Test func newerSchemaVersionIsRefusedAndFileLeftUnchanged() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        do {
            let connection = try await SQLiteConnection(path: path)
            try await connection.withSession("future") { session in
                try session.execute("CREATE TABLE future (x); PRAGMA user_version = 99;")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = await #expect(throws: SQLiteSchemaVersionError.self) { try await directory.open() }

        #expect(error?.foundVersion == 99)
        #expect(error?.supportedVersion == SQLiteDatabase.schemaVersion)
        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func reopeningKeepsEveryStoresData() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let user = NodeKey(.user, 1)
        let note = NodeKey(.note, 2)
        do {
            let database = try await directory.open(clock: clock)
            try await database.graph.upsertNodes([Node(key: user, createdAt: at(0)), Node(key: note, createdAt: at(1))])
            try await database.graph.upsertRelationships([
                Relationship(key: RelationshipKey(.created, from: user, to: note), weight: 0.5, createdAt: at(1))
            ])
            try await database.records.upsertRecords([Record(kind: .note, id: 2, ownerID: 1, createdAt: at(1))])
            try await database.cache.set([CacheEntry(key: "k", value: Data("v".utf8), ttl: .seconds(60))])
            _ = try await database.taskBus.publish([UpkeepTask(id: "t1", type: "job.sync", notBefore: at(0))])
            try await database.ledger.record(JobReport(id: "r1", job: .sync, status: .succeeded, startedAt: at(0)))
            await database.close()
            #expect(!FileManager.default.fileExists(atPath: directory.path() + "-wal"))
            let closed = await #expect(throws: StoreError.self) { try await database.graph.counts() }
            #expect((closed?.underlying as? SQLiteError)?.code == .misuse)
        }

        let reopened = try await directory.open(clock: clock)

        #expect(reopened.openedSchemaVersion == SQLiteDatabase.schemaVersion)
        #expect(try await reopened.graph.counts() == GraphCounts(nodesByLabel: [.user: 1, .note: 1], relationships: 1))
        #expect(try await reopened.records.records(kind: .note, ids: [2]).first?.ownerID == 1)
        #expect(try await reopened.cache.get(["k"]) == ["k": Data("v".utf8)])
        let claimed = try await reopened.taskBus.claim(
            consumer: "w", limit: 5, visibilityTimeout: .seconds(30), wait: .zero
        )
        #expect(claimed.map(\.task.id) == ["t1"])
        #expect(try await reopened.ledger.report(id: "r1")?.status == .succeeded)
    }

    @Test func twoDatabasesOnOneFileSeeEachOthersWrites() async throws {
        let directory = try TemporaryDirectory()
        let first = try await directory.open()
        let second = try await directory.open()

        try await first.records.upsertRecords([Record(kind: .tag, id: 7, createdAt: at(0))])

        #expect(try await second.records.idBounds(kind: .tag) == 7...7)
    }
}

/// Keeps every log event for inspection.
final class CapturingLogHandler: UpkeepLogHandler {
    private let stored = Mutex<[(message: String, metadata: LogMetadata)]>([])

    /// The events so far.
    var events: [(message: String, metadata: LogMetadata)] { stored.withLock { $0 } }

    func log(level: LogLevel, message: String, metadata: LogMetadata) {
        stored.withLock { $0.append((message, metadata)) }
    }
}
