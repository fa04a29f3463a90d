import Foundation
import Testing

@testable import Upkeep

/// Builders shared by the insights tests.
enum InsightsFixtures {
    /// The instant written as ISO 8601 with a `Z` or numeric offset, such as `2026-03-08T06:30:00Z`.
    static func instant(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else {
            Issue.record("'\(text)' is not an ISO 8601 instant")
            return Date(timeIntervalSince1970: 0)
        }
        return date
    }

    /// The time zone with `identifier`, recording an issue when the system does not know it.
    static func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else {
            Issue.record("unknown time zone \(identifier)")
            return TimeZone(identifier: "UTC") ?? .current
        }
        return zone
    }

    /// The day written as `YYYY-MM-DD`.
    static func day(_ text: String) -> CalendarDay {
        guard let day = CalendarDay(parsing: text) else {
            Issue.record("'\(text)' is not a day")
            return CalendarDay(ordinal: 0)
        }
        return day
    }
}
