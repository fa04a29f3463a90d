/// A configuration file that could not be used: unreadable, not JSON, or a value of the wrong
/// type or out of range. The description names the file and the key path.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What was wrong, as an extensible code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String

        /// Creates a code.
        public init(_ name: String) { self.name = name }

        /// The file could not be read.
        public static let unreadable = Code("unreadable")
        /// The file is not a JSON object.
        public static let malformed = Code("malformed")
        /// A key, at any level, is not one Upkeep knows there, probably a typo.
        public static let unknownKey = Code("unknownKey")
        /// A value has the wrong type, is missing where required, or is out of range.
        public static let invalidValue = Code("invalidValue")

        public var description: String { name }
    }

    /// What was wrong.
    public var code: Code
    /// The file, or `nil` for configuration built in code.
    public var file: String?
    /// The dotted key path of the offending value, such as `relationships.halfLifeDays`.
    public var keyPath: String
    /// What was wrong, in words.
    public var message: String

    /// Creates a configuration error.
    public init(_ code: Code, file: String?, keyPath: String, message: String) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        let place = [file, keyPath.isEmpty ? nil : keyPath].compactMap { $0 }.joined(separator: ": ")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
