import Foundation

/// One value of the Redis serialization protocol, RESP2 or RESP3.
///
/// RESP2 has simple strings, errors, integers, bulk strings, arrays and null; RESP3 adds maps,
/// sets, doubles, booleans, big numbers, verbatim strings and out-of-band pushes.
public enum RESPValue: Hashable, Sendable {
    /// A simple string such as `OK` or `PONG`.
    case simpleString(String)
    /// An error reply, simple (`-`) or blob (`!`), such as `ERR unknown command`.
    case error(String)
    /// A 64-bit integer.
    case integer(Int64)
    /// A binary-safe string.
    case bulkString(Data)
    /// A missing value: RESP2's null bulk string or array, or RESP3's `_`.
    case null
    /// An ordered list of values.
    case array([RESPValue])
    /// A RESP3 double, including infinities.
    case double(Double)
    /// A RESP3 boolean.
    case boolean(Bool)
    /// A RESP3 big number, kept as its decimal text.
    case bigNumber(String)
    /// A RESP3 verbatim string with its three-letter format, such as `txt`.
    case verbatimString(format: String, text: String)
    /// A RESP3 map, in the order the server sent its pairs.
    case map([RESPPair])
    /// A RESP3 set, in the order the server sent its members.
    case set([RESPValue])
    /// A RESP3 out-of-band push message, such as a pub/sub message.
    case push([RESPValue])
}

/// One key-value pair of a RESP3 map.
public struct RESPPair: Hashable, Sendable {
    /// The key.
    public var key: RESPValue
    /// The value.
    public var value: RESPValue

    /// Creates a pair.
    public init(key: RESPValue, value: RESPValue) {
        self.key = key
        self.value = value
    }
}

// MARK: - Reading values

extension RESPValue {
    /// The value as text: simple, bulk and verbatim strings, integers, doubles and big numbers.
    public var string: String? {
        switch self {
        case .simpleString(let text), .bigNumber(let text): text
        case .bulkString(let data): String(decoding: data, as: UTF8.self)
        case .verbatimString(_, let text): text
        case .integer(let value): String(value)
        case .double(let value): String(value)
        default: nil
        }
    }

    /// The value as bytes: bulk, simple and verbatim strings.
    public var data: Data? {
        switch self {
        case .bulkString(let data): data
        case .simpleString(let text): Data(text.utf8)
        case .verbatimString(_, let text): Data(text.utf8)
        default: nil
        }
    }

    /// The value as an integer: integers, booleans and strings holding an integer.
    public var int: Int? {
        switch self {
        case .integer(let value): Int(value)
        case .boolean(let value): value ? 1 : 0
        case .bulkString, .simpleString, .bigNumber: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array, set or push; the keys and values of a map, flattened in order.
    public var elements: [RESPValue]? {
        switch self {
        case .array(let values), .set(let values), .push(let values): values
        case .map(let pairs): pairs.flatMap { [$0.key, $0.value] }
        default: nil
        }
    }

    /// The value's type and size without its content, such as `array of 3`, for error messages
    /// that must not echo data.
    public var kind: String {
        switch self {
        case .simpleString: "simple string"
        case .error: "error"
        case .integer: "integer"
        case .bulkString(let data): "bulk string of \(data.count) bytes"
        case .null: "null"
        case .array(let values): "array of \(values.count)"
        case .double: "double"
        case .boolean: "boolean"
        case .bigNumber: "big number"
        case .verbatimString: "verbatim string"
        case .map(let pairs): "map of \(pairs.count)"
        case .set(let values): "set of \(values.count)"
        case .push(let values): "push of \(values.count)"
        }
    }

    /// Whether the value is a null.
    public var isNull: Bool { self == .null }

    /// The error text when the value is an error reply.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }
}
