import CSQLite
import Foundation

/// SQLite's `SQLITE_TRANSIENT`: the C macro is `((sqlite3_destructor_type)-1)`, which Swift cannot
/// import, so it is rebuilt here. It tells SQLite to copy text and blobs before the bind call
/// returns, because Swift's buffers are only valid inside the closures that lend them.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement owned by a ``SQLiteSession``.
///
/// Statements are cached by their SQL text and reused; ``SQLiteSession/withStatement(_:_:)`` resets
/// them and clears their bindings after each use. A statement is not `Sendable`: it lives on its
/// connection's queue and must not outlive the closure that received it.
public final class SQLiteStatement {
    /// The C handle.
    let pointer: OpaquePointer
    /// The SQL text the statement was prepared from.
    public let sql: String
    private unowned let session: SQLiteSession

    init(pointer: OpaquePointer, sql: String, session: SQLiteSession) {
        self.pointer = pointer
        self.sql = sql
        self.session = session
    }

    // MARK: - Binding

    /// Binds values to parameters 1, 2, 3 and so on.
    ///
    /// - Throws: ``SQLiteError`` when a value cannot be bound, for example with code `range`.
    public func bind(_ values: [SQLiteValue]) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the parameter at `index`, counting from 1.
    ///
    /// - Throws: ``SQLiteError`` when the value cannot be bound.
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        switch value {
        case .integer(let integer): try bind(integer, at: index)
        case .real(let real): try bind(real, at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let data): try bind(data, at: index)
        case .null: try check(sqlite3_bind_null(pointer, index))
        }
    }

    /// Binds an integer to the parameter at `index`.
    ///
    /// - Throws: ``SQLiteError`` when the index is out of range.
    public func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(pointer, index, value))
    }

    /// Binds a double to the parameter at `index`; SQLite turns NaN into NULL.
    ///
    /// - Throws: ``SQLiteError`` when the index is out of range.
    public func bind(_ value: Double, at index: Int32) throws {
        try check(sqlite3_bind_double(pointer, index, value))
    }

    /// Binds text to the parameter at `index`, copied by SQLite (`SQLITE_TRANSIENT`).
    ///
    /// The UTF-8 bytes are passed with their length, so text containing NUL is bound whole.
    ///
    /// - Throws: ``SQLiteError`` when the index is out of range or the text is too big.
    public func bind(_ value: String, at index: Int32) throws {
        var text = value
        let code = text.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(pointer, index, "", 0, sqliteTransient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(pointer, index, $0, Int32(bytes.count), sqliteTransient)
            }
        }
        try check(code)
    }

    /// Binds bytes to the parameter at `index`, copied by SQLite (`SQLITE_TRANSIENT`).
    ///
    /// An empty value binds a zero-length blob, not NULL.
    ///
    /// - Throws: ``SQLiteError`` when the index is out of range or the blob is too big.
    public func bind(_ value: Data, at index: Int32) throws {
        let code = value.withUnsafeBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_zeroblob(pointer, index, 0)
            }
            return sqlite3_bind_blob(pointer, index, base, Int32(bytes.count), sqliteTransient)
        }
        try check(code)
    }

    // MARK: - Stepping

    /// Runs the statement to its next row; returns `false` when it is done.
    ///
    /// - Throws: ``SQLiteError`` when SQLite reports an error, such as a constraint violation.
    public func step() throws -> Bool {
        switch sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw session.error(code, sql: sql)
        }
    }

    /// Runs the statement until it is done, ignoring rows.
    ///
    /// - Throws: ``SQLiteError`` when SQLite reports an error.
    public func execute() throws {
        while try step() {}
    }

    /// The current row; valid until the next ``step()`` or ``reset()``.
    public var row: SQLiteRow { SQLiteRow(pointer: pointer) }

    /// Rewinds the statement and clears its bindings so it can run again.
    public func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw session.error(code, sql: sql) }
    }
}

/// The current row of a ``SQLiteStatement``; columns are counted from 0.
///
/// Reading a column converts it as SQLite does (`sqlite3_column_int64` and so on): NULL reads as
/// 0, 0.0, an empty string or empty data; use ``isNull(_:)`` or the optional readers to tell.
public struct SQLiteRow {
    let pointer: OpaquePointer

    /// Whether the column holds NULL.
    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(pointer, column) == SQLITE_NULL
    }

    /// The column as an integer.
    public func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(pointer, column)
    }

    /// The column as an integer, or `nil` for NULL.
    public func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    /// The column as a double.
    public func double(_ column: Int32) -> Double {
        sqlite3_column_double(pointer, column)
    }

    /// The column as UTF-8 text, including any NUL characters.
    public func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(pointer, column) else { return "" }
        let count = Int(sqlite3_column_bytes(pointer, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column as text, or `nil` for NULL.
    public func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// The column as bytes.
    public func data(_ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(pointer, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(pointer, column)))
    }

    /// The column as a time stored in epoch milliseconds.
    public func date(_ column: Int32) -> Date {
        Date(epochMilliseconds: int64(column))
    }

    /// The column as a time stored in epoch milliseconds, or `nil` for NULL.
    public func optionalDate(_ column: Int32) -> Date? {
        isNull(column) ? nil : date(column)
    }

    /// The column as whichever storage class it holds.
    public func value(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(pointer, column) {
        case SQLITE_INTEGER: .integer(int64(column))
        case SQLITE_FLOAT: .real(double(column))
        case SQLITE_TEXT: .text(text(column))
        case SQLITE_BLOB: .blob(data(column))
        default: .null
        }
    }
}
