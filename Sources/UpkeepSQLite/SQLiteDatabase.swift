import Upkeep

/// One SQLite database file holding all of Upkeep's state, and the five stores on it.
///
/// Opening validates the file, refuses a schema newer than this build, switches the file to WAL
/// and applies pending migrations. The stores share one writer connection (SQLite allows one
/// writer at a time anyway, and sharing it keeps writes from waiting on each other's locks) and
/// one reader connection, which in WAL mode reads while the writer writes.
///
/// ```swift
/// let database = try await SQLiteDatabase(path: "upkeep.sqlite")
/// let environment = JobEnvironment(
///     graph: database.graph, records: database.records, cache: database.cache, ledger: database.ledger
/// )
/// ```
public final class SQLiteDatabase: Sendable {
    /// The database file.
    public let path: String
    /// The schema version the file had before it was opened; 0 for a new file.
    public let openedSchemaVersion: Int
    /// The connection all stores write through.
    public let writer: SQLiteConnection
    /// The connection all stores read through.
    public let reader: SQLiteConnection

    /// The knowledge graph.
    public let graph: SQLiteGraphStore
    /// The source-of-truth rows.
    public let records: SQLiteRecordStore
    /// The key-value cache.
    public let cache: SQLiteCacheStore
    /// The durable task queue.
    public let taskBus: SQLiteTaskBus
    /// The history of job runs.
    public let ledger: SQLiteRunLedger

    /// The newest schema version this build knows.
    public static var schemaVersion: Int { SQLiteSchema.currentVersion }

    /// Opens or creates the database at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - path: The database file; it is created when missing.
    ///   - clock: "Now" for cache expiry and task visibility.
    ///   - busyTimeout: How long a statement waits for another process's lock.
    ///   - idempotencyWindow: How long ``taskBus`` remembers a task's idempotency key after its
    ///     first publish; a week by default, the same as `RedisTaskBus`.
    ///   - logger: Receives an `info` event when the schema was migrated, else a `debug` one.
    /// - Throws: ``SQLiteError`` with code ``SQLiteResultCode/notADatabase`` when the file is not
    ///   an SQLite database (it is left unchanged), ``SQLiteSchemaVersionError`` when it was
    ///   written by a newer build (left unchanged too), or another ``SQLiteError`` when it cannot
    ///   be opened or migrated.
    public init(
        path: String,
        clock: any UpkeepClock = SystemClock(),
        busyTimeout: Duration = .seconds(5),
        idempotencyWindow: Duration = .seconds(7 * 86_400),
        logger: UpkeepLogger = .disabled
    ) async throws {
        let writer = try await SQLiteConnection(path: path, label: "writer", busyTimeout: busyTimeout)
        let outcome = try await writer.withSession("open") { session in
            let outcome = try SQLiteMigrator.migrate(session)
            try Self.configure(session, readOnly: false)
            return outcome
        }
        let reader = try await SQLiteConnection(path: path, label: "reader", busyTimeout: busyTimeout)
        try await reader.withSession("open") { session in try Self.configure(session, readOnly: true) }
        let metadata = [
            "upkeep.store": "sqlite", "upkeep.schema.from": "\(outcome.from)", "upkeep.schema.to": "\(outcome.to)",
        ]
        if outcome.from != outcome.to {
            logger.info("migrated SQLite database schema", metadata)
        } else {
            logger.debug("opened SQLite database", metadata)
        }

        self.path = path
        self.openedSchemaVersion = outcome.from
        self.writer = writer
        self.reader = reader
        graph = SQLiteGraphStore(access: SQLiteStoreAccess(writer: writer, reader: reader, store: .graph))
        records = SQLiteRecordStore(
            access: SQLiteStoreAccess(writer: writer, reader: reader, store: .record), clock: clock
        )
        cache = SQLiteCacheStore(
            access: SQLiteStoreAccess(writer: writer, reader: reader, store: .cache), clock: clock
        )
        taskBus = SQLiteTaskBus(
            access: SQLiteStoreAccess(writer: writer, reader: reader, store: .taskBus), clock: clock,
            idempotencyWindow: idempotencyWindow
        )
        ledger = SQLiteRunLedger(access: SQLiteStoreAccess(writer: writer, reader: reader, store: .runLedger))
    }

    /// Closes both connections, finishing with the writer so the last close checkpoints the WAL
    /// into the main file; later store calls throw ``Upkeep/StoreError`` with code `backend`.
    public func close() async {
        await reader.close()
        await writer.close()
    }

    /// Per-connection settings: `synchronous = NORMAL` (in WAL mode a commit survives a process
    /// crash; only a power loss can lose the last commits), temporary tables in memory, a 64 MiB
    /// page cache, automatic checkpoints when the WAL reaches 16,384 pages (64 MiB at the default
    /// page size) rather than SQLite's 1,000, and `query_only` on the reader so it can never write
    /// by mistake.
    ///
    /// The checkpoint threshold matters for long write sequences such as the weight pass: each
    /// checkpoint copies the WAL into the file and syncs both. A pass over 200,000 edges spent
    /// 0.14 s of its 0.46 s outside reading and writing rows at SQLite's default, 0.03 s of 0.33 s
    /// at this threshold; the checkpoint work moves to the next checkpoint (at the threshold, on
    /// close, or in ``SQLiteRecordStore/maintain()``), which copies a page changed by several
    /// transactions once.
    private static func configure(_ session: SQLiteSession, readOnly: Bool) throws {
        try session.execute(
            """
            PRAGMA synchronous = NORMAL;
            PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -65536;
            PRAGMA wal_autocheckpoint = 16384;
            PRAGMA query_only = \(readOnly ? 1 : 0);
            """
        )
    }
}
