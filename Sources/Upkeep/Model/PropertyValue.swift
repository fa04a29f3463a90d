import Foundation

/// A typed value stored as a property of a node, relationship or record.
///
/// Every backend can represent these six cases; times are carried as `Date` and stored by
/// backends as integer epoch milliseconds so that they compare and sort the same everywhere.
public enum PropertyValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(Date)
}

extension PropertyValue {
    /// The string payload, or `nil` for other cases.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload, or `nil` for other cases.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The numeric payload as a `Double` (integers are converted), or `nil` for other cases.
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// The Boolean payload, or `nil` for other cases.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The date payload, or `nil` for other cases.
    public var dateValue: Date? {
        if case .date(let value) = self { return value }
        return nil
    }
}

extension PropertyValue: ExpressibleByStringLiteral {
    /// Creates a string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension PropertyValue: ExpressibleByIntegerLiteral {
    /// Creates an integer value from a literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension PropertyValue: ExpressibleByFloatLiteral {
    /// Creates a floating-point value from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension PropertyValue: ExpressibleByBooleanLiteral {
    /// Creates a Boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// Properties of a node, relationship or record, keyed by name.
public typealias Properties = [String: PropertyValue]
