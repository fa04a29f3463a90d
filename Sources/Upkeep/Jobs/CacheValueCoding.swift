import Foundation

/// The JSON form of the values the statistics and cache jobs write to the cache.
///
/// Keys are sorted and dates are ISO 8601 strings with milliseconds, such as
/// `2026-12-03T00:00:00.000Z`, so a host in any language can read them.
public enum CacheValueCoding {
    /// Encodes a value as cache JSON.
    ///
    /// - Throws: `EncodingError` when the value cannot be encoded, such as a non-finite number.
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Self.dateStyle))
        }
        return try encoder.encode(value)
    }

    /// Decodes a value from cache JSON.
    ///
    /// - Throws: `DecodingError` when `data` is not JSON of the expected shape, naming the date
    ///   text when a date does not parse.
    public static func decode<Value: Decodable>(
        _ type: Value.Type,
        from data: Data
    ) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = try? Self.dateStyle.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an ISO 8601 date with milliseconds")
            }
            return date
        }
        return try decoder.decode(type, from: data)
    }

    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
