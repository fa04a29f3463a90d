import CSQLite

/// A primary SQLite result code, such as `SQLITE_BUSY` or `SQLITE_NOTADB`.
///
/// The set is open: any code SQLite returns can be represented; the common ones have names.
public struct SQLiteResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code, as in `sqlite3.h`.
    public var rawValue: Int32

    /// Creates a code from its number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// A generic error (`SQLITE_ERROR`), such as an SQL syntax error.
    public static let error = SQLiteResultCode(rawValue: SQLITE_ERROR)
    /// The database file is locked by another connection (`SQLITE_BUSY`).
    public static let busy = SQLiteResultCode(rawValue: SQLITE_BUSY)
    /// A table is locked by another statement on the same connection (`SQLITE_LOCKED`).
    public static let locked = SQLiteResultCode(rawValue: SQLITE_LOCKED)
    /// The database is read-only (`SQLITE_READONLY`).
    public static let readOnly = SQLiteResultCode(rawValue: SQLITE_READONLY)
    /// A disk I/O error (`SQLITE_IOERR`).
    public static let ioError = SQLiteResultCode(rawValue: SQLITE_IOERR)
    /// The database image is malformed (`SQLITE_CORRUPT`).
    public static let corrupt = SQLiteResultCode(rawValue: SQLITE_CORRUPT)
    /// The disk is full (`SQLITE_FULL`).
    public static let full = SQLiteResultCode(rawValue: SQLITE_FULL)
    /// The file could not be opened (`SQLITE_CANTOPEN`).
    public static let cannotOpen = SQLiteResultCode(rawValue: SQLITE_CANTOPEN)
    /// A constraint was violated (`SQLITE_CONSTRAINT`).
    public static let constraint = SQLiteResultCode(rawValue: SQLITE_CONSTRAINT)
    /// The API was used incorrectly (`SQLITE_MISUSE`).
    public static let misuse = SQLiteResultCode(rawValue: SQLITE_MISUSE)
    /// A bind index is out of range (`SQLITE_RANGE`).
    public static let range = SQLiteResultCode(rawValue: SQLITE_RANGE)
    /// The file is not a database (`SQLITE_NOTADB`).
    public static let notADatabase = SQLiteResultCode(rawValue: SQLITE_NOTADB)

    /// SQLite's English explanation of the code, for example `database is locked`.
    public var explanation: String { String(cString: sqlite3_errstr(rawValue)) }

    public var description: String {
        let names: [Int32: String] = [
            SQLITE_ERROR: "SQLITE_ERROR", SQLITE_INTERNAL: "SQLITE_INTERNAL", SQLITE_PERM: "SQLITE_PERM",
            SQLITE_ABORT: "SQLITE_ABORT", SQLITE_BUSY: "SQLITE_BUSY", SQLITE_LOCKED: "SQLITE_LOCKED",
            SQLITE_NOMEM: "SQLITE_NOMEM", SQLITE_READONLY: "SQLITE_READONLY",
            SQLITE_INTERRUPT: "SQLITE_INTERRUPT", SQLITE_IOERR: "SQLITE_IOERR", SQLITE_CORRUPT: "SQLITE_CORRUPT",
            SQLITE_NOTFOUND: "SQLITE_NOTFOUND", SQLITE_FULL: "SQLITE_FULL", SQLITE_CANTOPEN: "SQLITE_CANTOPEN",
            SQLITE_PROTOCOL: "SQLITE_PROTOCOL", SQLITE_SCHEMA: "SQLITE_SCHEMA", SQLITE_TOOBIG: "SQLITE_TOOBIG",
            SQLITE_CONSTRAINT: "SQLITE_CONSTRAINT", SQLITE_MISMATCH: "SQLITE_MISMATCH",
            SQLITE_MISUSE: "SQLITE_MISUSE", SQLITE_RANGE: "SQLITE_RANGE", SQLITE_NOTADB: "SQLITE_NOTADB",
        ]
        return names[rawValue] ?? "SQLite result code \(rawValue)"
    }
}

/// An error reported by SQLite, with the operation and statement that raised it.
///
/// The description names the database path, the operation (for example `writeWeights`) and a
/// summary of the SQL text. It never includes bound values, so row contents and credentials stay
/// out of logs.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The primary result code.
    public var code: SQLiteResultCode
    /// The extended result code, such as `SQLITE_CONSTRAINT_UNIQUE` (2067).
    public var extendedCode: Int32
    /// SQLite's message, for example `UNIQUE constraint failed: tasks.id`.
    public var message: String
    /// The operation that was running, for example `open` or `claim`.
    public var operation: String
    /// The first line of the SQL that failed, shortened to 80 characters, if a statement failed.
    public var sql: String?
    /// The database file.
    public var path: String

    /// Creates an error from its parts.
    public init(
        code: SQLiteResultCode,
        extendedCode: Int32,
        message: String,
        operation: String,
        sql: String?,
        path: String
    ) {
        self.code = code
        self.extendedCode = extendedCode
        self.message = message
        self.operation = operation
        self.sql = sql.map(Self.summary)
        self.path = path
    }

    public var description: String {
        var text = "SQLite \(code) (\(code.rawValue), extended \(extendedCode)) in \(operation) on '\(path)': "
        text += message
        if let sql { text += " [sql: \(sql)]" }
        if code == .notADatabase {
            text += "; the file is not an SQLite database or is encrypted or damaged, and was left unchanged"
        }
        return text
    }

    /// The SQL's first non-empty line with runs of spaces collapsed, at most 80 characters.
    static func summary(of sql: String) -> String {
        let line = sql.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let words = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count > 80 ? String(words.prefix(77)) + "..." : words
    }
}
