import Foundation

/// Answers `upkeep cron next --jsonl` queries: one JSON object in, one JSON object out.
///
/// A query line is `{"expr": "30 2 * * *", "tz": "America/New_York", "from":
/// "2026-03-08T00:00:00-05:00", "count": 3}`; `tz` defaults to `UTC`, `from` to now and `count`
/// to 1 (at most ``maximumCount``). The answer is `{"next": ["2026-03-08T03:00:00-04:00", …]}`
/// with each time in the zone's real offset, or `{"error": "…"}` naming what was wrong. Bad JSON
/// and bad values give an error line, never a crash.
public enum CronQuery {
    /// The largest `count` a query may ask for.
    public static let maximumCount = 10_000

    /// The answer line, without a trailing newline, for one query line.
    public static func answer(_ line: String, now: Date) -> String {
        do {
            let times = try evaluate(line, now: now)
            return encode(["next": times])
        } catch {
            return encode(["error": error.message])
        }
    }

    /// The fire times a query line asks for, formatted with the zone's offset.
    ///
    /// - Throws: ``CronQueryError`` when the line is not a JSON object or a value is missing,
    ///   of the wrong type or invalid, including the ``CronError`` of a bad expression.
    public static func evaluate(_ line: String, now: Date) throws(CronQueryError) -> [String] {
        let object = try parseObject(line)
        guard let expression = object["expr"] as? String else {
            throw CronQueryError(message: "\"expr\" must be a string holding a cron expression")
        }
        let zone = try timeZone(object["tz"])
        let from = try startDate(object["from"], now: now)
        let count = try count(object["count"])

        let cron: CronExpression
        do {
            cron = try CronExpression(parsing: expression)
        } catch {
            throw CronQueryError(message: error.description)
        }
        let times = cron.fireTimes(after: from, in: zone, count: count)
        return times.map { CronTimeFormat.string(from: $0, in: zone) }
    }

    // MARK: - Fields

    private static func parseObject(_ line: String) throws(CronQueryError) -> [String: Any] {
        let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8))
        guard let object = parsed as? [String: Any] else {
            throw CronQueryError(message: "query is not a JSON object: \(line.prefix(80))")
        }
        return object
    }

    private static func timeZone(_ value: Any?) throws(CronQueryError) -> TimeZone {
        guard let value else { return TimeZone(identifier: "UTC") ?? .gmt }
        guard let name = value as? String, let zone = TimeZone(identifier: name) else {
            throw CronQueryError(message: "\"tz\" must be an IANA time zone such as \"Europe/London\", got \(value)")
        }
        return zone
    }

    private static func startDate(_ value: Any?, now: Date) throws(CronQueryError) -> Date {
        guard let value else { return now }
        guard let text = value as? String, let date = CronTimeFormat.date(from: text) else {
            let hint = "an ISO 8601 time with an offset such as \"2026-03-08T00:00:00-05:00\""
            throw CronQueryError(message: "\"from\" must be \(hint), got \(value)")
        }
        return date
    }

    private static func count(_ value: Any?) throws(CronQueryError) -> Int {
        guard let value else { return 1 }
        guard let number = value as? NSNumber, let count = Int(exactly: number.doubleValue),
            (1...maximumCount).contains(count)
        else {
            throw CronQueryError(message: "\"count\" must be an integer from 1 to \(maximumCount), got \(value)")
        }
        return count
    }

    private static func encode(_ object: [String: Any]) -> String {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else {
            return #"{"error":"answer could not be encoded"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }
}
