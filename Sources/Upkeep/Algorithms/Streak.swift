import Foundation

/// Runs of consecutive active calendar days in one user's time zone.
///
/// A day is active when the user created at least one item on it, as seen in the user's time
/// zone. The current streak is the run of consecutive active days that ends today or yesterday
/// (so a user who has not posted yet today keeps their streak until the day is over); it is 0
/// when neither today nor yesterday is active. The longest streak is the longest run anywhere.
/// Days after today (clock skew in the data) are ignored.
///
/// Unlike the seed sketch, whose `reduce` compared a date with itself plus one day and so never
/// counted past 1, consecutive days are found by comparing civil day ordinals.
public struct Streak: Hashable, Sendable, Codable {
    /// Consecutive active days ending today or yesterday; 0 when neither is active.
    public var current: Int
    /// The longest run of consecutive active days.
    public var longest: Int

    /// Creates a streak from its parts.
    public init(current: Int, longest: Int) {
        self.current = current
        self.longest = longest
    }

    /// The streaks of a user whose items were created at `activity`, as of `now` in `timeZone`.
    ///
    /// Complexity: O(n log n) for n instants: each becomes a calendar day through `Calendar`,
    /// then the distinct days are sorted and walked once.
    public init(activity: some Sequence<Date>, now: Date, timeZone: TimeZone) {
        let calendar = CalendarDay.calendar(timeZone)
        let today = CalendarDay(containing: now, calendar: calendar)
        let days = Set(
            activity.lazy.map { CalendarDay(containing: $0, calendar: calendar).ordinal })
        self.init(activeDays: days, today: today.ordinal)
    }

    /// The streaks for a set of active day ordinals (see ``CalendarDay/ordinal``) as of `today`.
    ///
    /// Complexity: O(d log d) for d distinct days.
    public init(activeDays: Set<Int>, today: Int) {
        let sorted = activeDays.filter { $0 <= today }.sorted()
        var longest = 0
        var run = 0
        var previous: Int?
        for day in sorted {
            run = previous.map { day == $0 + 1 } == true ? run + 1 : 1
            longest = max(longest, run)
            previous = day
        }

        let endsRecently = previous.map { $0 == today || $0 == today - 1 } ?? false
        self.init(current: endsRecently ? run : 0, longest: longest)
    }
}
