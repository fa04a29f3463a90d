import Foundation

/// The JSON form of the values the statistics and cache jobs write to the cache.
///
/// Keys are sorted and dates are ISO 8601 strings in UTC with exactly three fractional digits,
/// such as `2026-12-03T00:00:00.123Z`, so a host in any language can read them, and a date with
/// millisecond precision survives the round trip unchanged.
public enum CacheValueCoding {
    /// Encodes a value as cache JSON.
    ///
    /// - Throws: `EncodingError` when the value cannot be encoded, such as a non-finite number.
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
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
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an ISO 8601 date with milliseconds")
            }
            return date
        }
        return try decoder.decode(type, from: data)
    }

    /// The date as `YYYY-MM-DDTHH:MM:SS.mmmZ`, rounded to the nearest millisecond.
    ///
    /// The milliseconds are computed here rather than by a format style, which truncates the
    /// binary fraction and prints `.122` for a date built from `…123` milliseconds. Rounding to
    /// the nearest (not down, as `epochMilliseconds` does) recovers the intended millisecond of a
    /// date that `Date`'s 2001-based `Double` stores a hair below it, such as 999 ms after 1970.
    static func format(_ date: Date) -> String {
        let scaled = (date.timeIntervalSince1970 * 1_000).rounded()
        let millis = scaled.isFinite ? Int64(clamping: Int64(exactly: scaled) ?? 0) : 0
        let (seconds, remainder) = millis.quotientAndRemainder(dividingBy: 1_000)
        let wholeSeconds = remainder < 0 ? seconds - 1 : seconds
        let fraction = remainder < 0 ? remainder + 1_000 : remainder
        let base = Date(timeIntervalSince1970: TimeInterval(wholeSeconds))
        let text = base.formatted(secondsStyle).dropLast()
        return "\(text).\(CalendarDay.padded(Int(fraction), to: 3))Z"
    }

    /// Parses an ISO 8601 date with or without fractional seconds, rounded to the millisecond.
    static func parse(_ text: String) -> Date? {
        guard
            let date = (try? fractionStyle.parse(text)) ?? (try? secondsStyle.parse(text))
        else { return nil }
        return Date(epochMilliseconds: Int64((date.timeIntervalSince1970 * 1_000).rounded()))
    }

    private static let secondsStyle = Date.ISO8601FormatStyle()
    private static let fractionStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
