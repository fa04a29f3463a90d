import Foundation

/// A date on the proleptic Gregorian calendar, without a time or a time zone: `2026-12-03`.
///
/// Instants become days only through a `TimeZone` (``init(containing:in:)``), and days become
/// instants the same way (``start(in:)``), both through `Calendar`, so a day that daylight saving
/// makes 23 or 25 hours long is still one day. Arithmetic between days (``adding(days:)``,
/// ``ordinal``) works on the civil date itself and never adds 86,400 seconds to an instant.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, for example 2026.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 31.
    public let day: Int

    /// Creates a day from its parts, or returns `nil` when they do not name a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day on which `instant` falls in `timeZone`.
    public init(containing instant: Date, in timeZone: TimeZone) {
        self.init(containing: instant, calendar: Self.calendar(timeZone))
    }

    /// The day on which `instant` falls in `calendar`'s time zone; `calendar` must be Gregorian.
    ///
    /// Lets a caller converting many instants build the calendar once.
    init(containing instant: Date, calendar: Calendar) {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(
            ordinal: Self.ordinal(
                year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1))
    }

    /// Parses the ISO 8601 form `YYYY-MM-DD`; returns `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The number of days since 1970-01-01, negative before it.
    public var ordinal: Int { Self.ordinal(year: year, month: month, day: day) }

    /// The day `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(ordinal: ordinal + days)
    }

    /// The first instant of the day in `timeZone`.
    ///
    /// Where daylight saving skips midnight, this is the first instant that exists on the day.
    public func start(in timeZone: TimeZone) -> Date {
        let calendar = Self.calendar(timeZone)
        let noon = DateComponents(year: year, month: month, day: day, hour: 12)
        guard let midday = calendar.date(from: noon) else {
            // Only for years `Calendar` cannot represent: UTC midnight, where days are 86,400 s.
            return Date(timeIntervalSince1970: TimeInterval(ordinal) * 86_400)
        }
        return calendar.startOfDay(for: midday)
    }

    /// The half-open interval of instants that fall on this day in `timeZone`.
    public func interval(in timeZone: TimeZone) -> Range<Date> {
        start(in: timeZone)..<adding(days: 1).start(in: timeZone)
    }

    /// The ISO 8601 form, `YYYY-MM-DD`.
    public var description: String {
        "\(Self.padded(year, to: 4))-\(Self.padded(month, to: 2))-\(Self.padded(day, to: 2))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

// MARK: - Civil date arithmetic

extension CalendarDay {
    /// Creates the day `ordinal` days after 1970-01-01.
    ///
    /// Howard Hinnant's `civil_from_days`: exact on the proleptic Gregorian calendar, O(1).
    init(ordinal: Int) {
        let shifted = ordinal + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9

        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// Days from 1970-01-01 to a civil date: Howard Hinnant's `days_from_civil`, O(1).
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A Gregorian calendar in `timeZone`.
    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

// MARK: - Codable

extension CalendarDay: Codable {
    /// Decodes the `YYYY-MM-DD` form.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the text when it is not a valid date.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD")
        }
        self = day
    }

    /// Encodes the `YYYY-MM-DD` form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
