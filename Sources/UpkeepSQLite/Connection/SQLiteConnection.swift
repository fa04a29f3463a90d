import Dispatch
import Synchronization

/// One SQLite connection with its own serial dispatch queue.
///
/// SQLite calls block on disk I/O and on other processes' locks, so no SQLite call ever runs on
/// Swift's cooperative thread pool: every closure passed to ``read(_:_:)``, ``write(_:_:)`` or
/// ``withSession(_:_:)`` runs on this connection's serial `DispatchQueue` (as GRDB does), and the
/// async methods suspend on a continuation until it finishes. The queue also makes the
/// connection's use strictly serial, which is why the handle is opened with
/// `SQLITE_OPEN_NOMUTEX`; the `Mutex` around the session makes that serial access visible to the
/// compiler and costs one uncontended lock per closure.
///
/// Call ``close()`` when done: it closes the handle on the queue, where the final WAL checkpoint
/// may take a moment. A connection released without `close()` closes its handle on whichever
/// thread drops the last reference.
public final class SQLiteConnection: Sendable {
    /// The database file.
    public let path: String

    private let queue: DispatchQueue
    /// The open session, or `nil` once closed.
    private let session: Mutex<SQLiteSession?>

    /// Opens (or creates) the database file at `path`.
    ///
    /// The file is not read yet, so a file that is not a database is reported by the first
    /// statement, with code ``SQLiteResultCode/notADatabase``.
    ///
    /// - Parameters:
    ///   - path: The database file.
    ///   - label: The queue's label suffix, such as `writer`, shown in debuggers and crash logs.
    ///   - busyTimeout: How long a statement waits for another connection's lock before failing
    ///     with ``SQLiteResultCode/busy``.
    /// - Throws: ``SQLiteError`` with code `cannotOpen` when the file cannot be opened or created.
    public init(path: String, label: String = "connection", busyTimeout: Duration = .seconds(5)) async throws {
        let queue = DispatchQueue(label: "upkeep.sqlite.\(label)")
        // Opening touches the file system: do it on the connection's queue, off the cooperative pool.
        let opened: SQLiteSession = try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try SQLiteSession(path: path, busyTimeout: busyTimeout) })
            }
        }
        self.path = path
        self.queue = queue
        self.session = Mutex(opened)
    }

    /// Closes the connection; later calls throw ``SQLiteError`` with code `misuse`.
    public func close() async {
        // Closing may checkpoint the WAL: do it on the connection's queue, off the cooperative pool.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.session.withLock { $0 = nil }
                continuation.resume()
            }
        }
    }

    /// Runs `body` in a deferred (read) transaction, so all its queries see one snapshot.
    ///
    /// - Parameter operation: What the closure does, named in errors, for example `scanNodes`.
    /// - Throws: ``SQLiteError`` when a statement fails, or whatever `body` throws.
    public func read<T: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (SQLiteSession) throws -> T
    ) async throws -> T {
        try await withSession(operation) { session in
            try session.transaction(operation, kind: .deferred) { try body(session) }
        }
    }

    /// Runs `body` in an immediate (write) transaction: it commits when `body` returns and rolls
    /// back when it throws, so the closure's writes are all visible or none is.
    ///
    /// - Parameter operation: What the closure does, named in errors, for example `writeWeights`.
    /// - Throws: ``SQLiteError`` when a statement fails (for example with code
    ///   ``SQLiteResultCode/busy`` after the busy timeout), or whatever `body` throws.
    @discardableResult
    public func write<T: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (SQLiteSession) throws -> T
    ) async throws -> T {
        try await withSession(operation) { session in
            try session.transaction(operation, kind: .immediate) { try body(session) }
        }
    }

    /// Runs `body` with the session outside any transaction, for statements that cannot run in
    /// one, such as `VACUUM` or `PRAGMA wal_checkpoint`.
    ///
    /// - Throws: ``SQLiteError`` when a statement fails or the connection is closed, or whatever
    ///   `body` throws.
    @discardableResult
    public func withSession<T: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (SQLiteSession) throws -> T
    ) async throws -> T {
        // SQLite blocks: hop to this connection's serial queue and resume the caller from there.
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                let result = Result {
                    try self.session.withLock { session in
                        guard let session else { throw self.closedError(operation) }
                        session.operation = operation
                        return try body(session)
                    }
                }
                continuation.resume(with: result)
            }
        }
    }

    private func closedError(_ operation: String) -> SQLiteError {
        SQLiteError(
            code: .misuse, extendedCode: SQLiteResultCode.misuse.rawValue, message: "the connection is closed",
            operation: operation, sql: nil, path: path
        )
    }
}
