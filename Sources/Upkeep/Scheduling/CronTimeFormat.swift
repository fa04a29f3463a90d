import Foundation

/// Formats and parses ISO 8601 timestamps with a zone's real UTC offset, for cron output.
public enum CronTimeFormat {
    /// `date` as wall time in `timeZone` followed by the offset in force then, such as
    /// `2026-03-08T03:00:00-04:00`; whole seconds, and `+00:00` rather than `Z` at offset zero.
    public static func string(from date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let wall = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = Int((Double(wall) / 86_400).rounded(.down))
        let civil = CalendarDay(ordinal: days)
        let secondOfDay = wall - days * 86_400

        let sign = offset < 0 ? "-" : "+"
        let offsetMinutes = abs(offset) / 60
        return "\(pad(civil.year, 4))-\(pad(civil.month))-\(pad(civil.day))"
            + "T\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
            + "\(sign)\(pad(offsetMinutes / 60)):\(pad(offsetMinutes % 60))"
    }

    /// Parses an ISO 8601 timestamp with `Z` or a numeric offset and optional fractional
    /// seconds, such as `2026-03-08T00:00:00-05:00`; `nil` if the text is not one.
    public static func date(from text: String) -> Date? {
        let plain = Date.ISO8601FormatStyle()
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
