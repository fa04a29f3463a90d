import CSQLite
import Foundation

/// An open SQLite connection handle, used inside ``SQLiteConnection/read(_:_:)`` and
/// ``SQLiteConnection/write(_:_:)`` closures.
///
/// A session is not `Sendable`: its connection hands it to one closure at a time, on the
/// connection's serial queue, and it must not escape that closure. It caches prepared statements
/// by SQL text, so statements with a fixed text (lists go through `json_each(?)`) are prepared
/// once per connection.
public final class SQLiteSession {
    /// The database file.
    public let path: String
    /// The operation being run, named in errors.
    var operation = "open"

    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// The user data of the SQL functions registered on this connection, by name; kept here so
    /// each lives until the handle is closed.
    private var functions: [String: AnyObject] = [:]

    /// How many statements are cached at most; statements past this are finalised after use.
    private static let statementCacheLimit = 128

    /// Opens the file with `SQLITE_OPEN_NOMUTEX` ("multi-thread" mode).
    ///
    /// SQLite's own per-connection mutex is not needed because ``SQLiteConnection`` only touches a
    /// session from its serial queue, one closure at a time; `SQLITE_OPEN_FULLMUTEX` would add a
    /// lock to every call for nothing. The library must still be built thread-safe, because other
    /// connections run on other threads at the same time; that is checked here.
    init(path: String, busyTimeout: Duration) throws {
        guard sqlite3_threadsafe() != 0 else {
            throw SQLiteError(
                code: .misuse, extendedCode: SQLITE_MISUSE,
                message: "libsqlite3 was built with SQLITE_THREADSAFE=0 and cannot be used from several threads",
                operation: "open", sql: nil, path: path
            )
        }

        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
            sqlite3_close_v2(handle)
            throw SQLiteError(
                code: SQLiteResultCode(rawValue: code & 0xFF), extendedCode: extended, message: message,
                operation: "open", sql: nil, path: path
            )
        }

        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Int32(clamping: busyTimeout.milliseconds))
    }

    deinit {
        for statement in statements.values {
            sqlite3_finalize(statement.pointer)
        }
        sqlite3_close_v2(handle)
    }

    // MARK: - Statements

    /// Runs `body` with the prepared statement for `sql`, then resets it and clears its bindings.
    ///
    /// - Throws: ``SQLiteError`` when the SQL does not compile, or whatever `body` throws.
    public func withStatement<T>(_ sql: String, _ body: (SQLiteStatement) throws -> T) throws -> T {
        let statement = try statement(for: sql)
        defer {
            statement.reset()
            if statements[sql] == nil { sqlite3_finalize(statement.pointer) }
        }
        return try body(statement)
    }

    /// Runs one statement with `values` bound and returns how many rows it changed.
    ///
    /// - Throws: ``SQLiteError`` when the statement fails.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
        try withStatement(sql) { statement in
            try statement.bind(values)
            try statement.execute()
            return changes
        }
    }

    /// Runs a query with `values` bound and maps every row.
    ///
    /// - Throws: ``SQLiteError`` when the query fails, or whatever `transform` throws.
    public func query<T>(_ sql: String, _ values: [SQLiteValue] = [], _ transform: (SQLiteRow) throws -> T) throws
        -> [T]
    {
        try withStatement(sql) { statement in
            try statement.bind(values)
            var rows: [T] = []
            while try statement.step() {
                rows.append(try transform(statement.row))
            }
            return rows
        }
    }

    /// Runs a query with `values` bound and maps its first row, if any.
    ///
    /// - Throws: ``SQLiteError`` when the query fails, or whatever `transform` throws.
    public func first<T>(_ sql: String, _ values: [SQLiteValue] = [], _ transform: (SQLiteRow) throws -> T) throws
        -> T?
    {
        try withStatement(sql) { statement in
            try statement.bind(values)
            return try statement.step() ? transform(statement.row) : nil
        }
    }

    /// Runs SQL text that may hold several statements and no parameters, such as a migration.
    ///
    /// - Throws: ``SQLiteError`` naming the script's first line when a statement fails.
    public func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Whether a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: - Functions

    /// The body of an application-defined scalar SQL function: the context, the argument count
    /// and the arguments, as `sqlite3_create_function_v2` passes them.
    typealias FunctionBody = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void

    /// The user data of the scalar SQL function `name` on this connection, registering the
    /// function with `make()`'s result first if it is not registered yet.
    ///
    /// The function is registered with `SQLITE_DIRECTONLY`, so the schema (triggers, views) can
    /// never call it, and without `SQLITE_DETERMINISTIC`, because its result may depend on the
    /// user data. `body` reads the user data with `sqlite3_user_data`; the session keeps it alive
    /// until the handle is closed.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses the registration.
    func function<Context: AnyObject>(
        _ name: String,
        arguments: Int32,
        make: () -> Context,
        body: FunctionBody
    ) throws -> Context {
        if let context = functions[name] as? Context { return context }

        let context = make()
        let code = sqlite3_create_function_v2(
            handle, name, arguments, SQLITE_UTF8 | SQLITE_DIRECTONLY,
            Unmanaged.passUnretained(context).toOpaque(), body, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: nil) }
        functions[name] = context
        return context
    }

    // MARK: - Transactions

    /// How a transaction takes its locks.
    enum TransactionKind: String {
        /// Takes the write lock at `BEGIN`, so two writers never deadlock on a lock upgrade and
        /// the busy timeout applies at the start.
        case immediate = "BEGIN IMMEDIATE"
        /// Takes a read snapshot at the first read.
        case deferred = "BEGIN DEFERRED"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    ///
    /// - Throws: ``SQLiteError`` when BEGIN or COMMIT fails, or whatever `body` throws.
    func transaction<T>(_ operation: String, kind: TransactionKind, _ body: () throws -> T) throws -> T {
        self.operation = operation
        try run(kind.rawValue)
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            if isInTransaction { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
            throw error
        }
    }

    // MARK: - Errors

    /// The error for a failed call, with this session's message, operation and path.
    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(
            code: SQLiteResultCode(rawValue: code & 0xFF),
            extendedCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)),
            operation: operation,
            sql: sql,
            path: path
        )
    }

    private func statement(for sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] { return cached }

        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else { throw error(code, sql: sql) }

        let statement = SQLiteStatement(pointer: pointer, sql: sql, session: self)
        if statements.count < Self.statementCacheLimit { statements[sql] = statement }
        return statement
    }
}
