extension Decoder {
    /// Throws when the object being decoded holds a key that `Keys` does not name, so a typo in a
    /// configuration file is an error instead of a setting silently left at its default.
    ///
    /// - Throws: ``ConfigurationError`` with code `unknownKey`, the dotted path of the first
    ///   unknown key in byte order and the keys that are allowed there; its `file` is `nil`,
    ///   and ``UpkeepConfiguration/decode(_:file:)`` fills it in.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyConfigurationKey.self)
        let unknown = container.allKeys.map(\.stringValue).sorted().first { Keys(stringValue: $0) == nil }
        guard let unknown else { return }

        let path = ConfigurationError.keyPath(codingPath + [AnyConfigurationKey(stringValue: unknown)])
        let allowed = Keys.allCases.map(\.stringValue).sorted().joined(separator: ", ")
        throw ConfigurationError(
            .unknownKey, file: nil, keyPath: path, message: "unknown key; expected one of \(allowed)")
    }
}

/// Any key at all, to list every key of a configuration object.
private struct AnyConfigurationKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
