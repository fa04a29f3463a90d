import Foundation

/// How active a user is: recent share of their items, and their posting streaks.
///
/// The score keeps the seed's formula, `score = recent × 100 / (total + 1)`, where `total` counts
/// all of the user's items and `recent` those created in the last ``defaultRecentDays`` calendar
/// days up to now (the window starts at the same wall-clock time that many days earlier, in the
/// user's time zone). The `+ 1` keeps the score defined for a user with no items and below 100
/// for any user, rewarding steady activity over one burst.
public struct Engagement: Hashable, Sendable, Codable {
    /// How many days count as recent by default: 30.
    public static let defaultRecentDays = 30

    /// All items the user owns.
    public var totalItems: Int
    /// Items created within the recent window.
    public var recentItems: Int
    /// `recentItems × 100 / (totalItems + 1)`, in `[0, 100)`.
    public var score: Double
    /// The user's streaks of active days.
    public var streak: Streak

    /// Creates an engagement from its parts.
    public init(totalItems: Int, recentItems: Int, score: Double, streak: Streak) {
        self.totalItems = totalItems
        self.recentItems = recentItems
        self.score = score
        self.streak = streak
    }

    /// The engagement of a user whose items were created at `itemDates`, as of `now`.
    ///
    /// Items created after `now` count towards the total but not as recent.
    ///
    /// Complexity: O(n log n) for n items, dominated by the streak.
    public init(
        itemDates: [Date],
        now: Date,
        timeZone: TimeZone,
        recentDays: Int = Engagement.defaultRecentDays
    ) {
        let calendar = CalendarDay.calendar(timeZone)
        let windowStart = calendar.date(byAdding: .day, value: -max(0, recentDays), to: now) ?? now
        let recent = itemDates.count { $0 >= windowStart && $0 <= now }

        self.init(
            totalItems: itemDates.count,
            recentItems: recent,
            score: Self.score(recentItems: recent, totalItems: itemDates.count),
            streak: Streak(activity: itemDates, now: now, timeZone: timeZone))
    }

    /// The seed's score: `recentItems × 100 / (totalItems + 1)`.
    public static func score(recentItems: Int, totalItems: Int) -> Double {
        Double(recentItems) * 100 / Double(totalItems + 1)
    }
}
