extension KeyedDecodingContainer {
    /// The value under `key`, or `fallback` when the key is absent or null: how every
    /// configuration type in Upkeep lets a JSON file name only the settings it changes.
    func decode<Value: Decodable>(_ key: Key, default fallback: Value) throws -> Value {
        try decodeIfPresent(Value.self, forKey: key) ?? fallback
    }
}
