import Foundation

/// A value bound to a statement parameter or read from a result column.
///
/// These are SQLite's five storage classes. Upkeep stores times as ``integer(_:)`` epoch
/// milliseconds and structured properties as JSON ``text(_:)``.
public enum SQLiteValue: Hashable, Sendable {
    /// A 64-bit signed integer.
    case integer(Int64)
    /// An IEEE 754 double; SQLite stores NaN as NULL.
    case real(Double)
    /// UTF-8 text, which may contain NUL characters.
    case text(String)
    /// Raw bytes.
    case blob(Data)
    /// SQL NULL.
    case null
}

extension SQLiteValue {
    /// A time as epoch milliseconds, or NULL.
    static func milliseconds(_ date: Date?) -> SQLiteValue {
        date.map { .integer($0.epochMilliseconds) } ?? .null
    }

    /// Text, or NULL.
    static func optionalText(_ text: String?) -> SQLiteValue {
        text.map { .text($0) } ?? .null
    }

    /// An integer, or NULL.
    static func optionalInteger(_ value: Int64?) -> SQLiteValue {
        value.map { .integer($0) } ?? .null
    }
}
