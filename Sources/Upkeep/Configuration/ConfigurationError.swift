/// A configuration file that could not be used: unreadable, not JSON, or a value of the wrong
/// type or out of range. The description names the file and the key path.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The file, or `nil` for configuration built in code.
    public var file: String?
    /// The dotted key path of the offending value, such as `relationships.halfLifeDays`.
    public var keyPath: String
    /// What was wrong.
    public var message: String

    /// Creates a configuration error.
    public init(file: String?, keyPath: String, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        let place = [file, keyPath.isEmpty ? nil : keyPath].compactMap { $0 }.joined(separator: ": ")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
