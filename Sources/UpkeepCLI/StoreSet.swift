import Foundation
import Upkeep
import UpkeepSQLite

/// The five stores of one SQLite database file, as the commands use them.
struct StoreSet: Sendable {
    /// The knowledge graph.
    var graph: any GraphStore
    /// The source of truth.
    var records: any RecordStore
    /// The cache.
    var cache: any CacheStore
    /// The task bus.
    var bus: any TaskBus
    /// The run ledger.
    var ledger: any RunLedger
    /// The wall clock.
    var clock: any UpkeepClock

    /// The environment jobs run in, logging to `logger`.
    func environment(logger: UpkeepLogger) -> JobEnvironment {
        JobEnvironment(graph: graph, records: records, cache: cache, ledger: ledger, clock: clock, logger: logger)
    }

    /// Opens the database named by the context, creating it unless `mustExist`.
    ///
    /// - Throws: an error naming the path when the file is missing (and must exist), is not a
    ///   SQLite database, or has a schema newer than this build understands. Nothing is written
    ///   in those cases.
    static func open(_ context: CommandContext, mustExist: Bool) async throws -> StoreSet {
        let path = context.databasePath
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw MissingDatabaseError(path: path)
        }
        let clock = SystemClock()
        let database = try await SQLiteDatabase(path: path, clock: clock, logger: context.logger)
        return StoreSet(
            graph: database.graph, records: database.records, cache: database.cache, bus: database.taskBus,
            ledger: database.ledger, clock: clock)
    }
}

/// The database file named by `--database` does not exist.
struct MissingDatabaseError: Error, CustomStringConvertible {
    /// The path that was looked up.
    var path: String

    var description: String {
        "no database at \(path); run 'upkeep demo' or 'upkeep seed' to create one, or pass --database PATH"
    }
}
