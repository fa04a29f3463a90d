/// An invalid cron expression: which field, the offending text and why.
///
/// The description reads like `cron minute field "75": 75 is out of range 0-59`, so a user can
/// find and fix the mistake without reading the parser.
public struct CronError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why an expression was rejected, as an extensible code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String

        /// Creates a code.
        public init(_ name: String) { self.name = name }

        /// A value lies outside the field's range, such as minute `75`.
        public static let outOfRange = Code("outOfRange")
        /// A step is zero, too large, not a number, or follows a single value (`5/10`).
        public static let badStep = Code("badStep")
        /// A range runs backwards, such as `30-10`.
        public static let reversedRange = Code("reversedRange")
        /// A name is not a month or weekday name valid in this field, or a macro is unknown.
        public static let unknownName = Code("unknownName")
        /// The expression does not have five fields.
        public static let wrongFieldCount = Code("wrongFieldCount")
        /// A list item is empty or not a number, name, range or `*`.
        public static let malformed = Code("malformed")

        public var description: String { name }
    }

    /// Why the expression was rejected.
    public var code: Code
    /// The field that holds the mistake, or `nil` when the mistake is the expression as a whole.
    public var field: CronField?
    /// The offending text: the field, list item or whole expression.
    public var text: String
    /// A sentence saying what is wrong.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, field: CronField?, text: String, reason: String) {
        self.code = code
        self.field = field
        self.text = text
        self.reason = reason
    }

    public var description: String {
        let place = field.map { "cron \($0.name) field" } ?? "cron expression"
        return "\(place) \"\(text)\": \(reason)"
    }
}
