import Foundation

/// A five-field cron expression, evaluated in an IANA time zone with cronie's daylight-saving rules.
///
/// Syntax: `minute hour day-of-month month day-of-week`, each field a comma-separated list of
/// `*`, values, ranges (`1-5`) and steps (`*/10`, `1-30/7`). Months and weekdays accept
/// three-letter English names in any case (`jan`, `MON`); weekday 0 and 7 are both Sunday. The
/// macros `@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`, `@yearly` and `@annually`
/// stand for their usual expansions. As in Vixie cron, when both day-of-month and day-of-week are
/// restricted (neither field starts with `*`) a day matches if *either* matches; otherwise both
/// must match.
///
/// ## Daylight-saving changes
///
/// Wall-clock times are matched in the zone, and changes of offset follow cronie, computed from
/// the zone's real offsets (so the 30-minute shift of `Australia/Lord_Howe` works like any other):
///
/// - A wall time skipped by a forward change (spring forward) fires once at the first instant after
///   the gap, for *fixed-time* expressions: `30 2 * * *` in `America/New_York` on 2026-03-08 fires
///   at 03:00 EDT. Several skipped matches coalesce into that one fire.
/// - A wall time repeated by a backward change (fall back) fires once, at its first occurrence, for
///   fixed-time expressions: `30 1 * * *` fires at 01:30 EDT, not again at 01:30 EST.
/// - *Wildcard* expressions — whose minute or hour field starts with `*`, cronie's `MIN_STAR` and
///   `HR_STAR` — simply follow the wall clock: they fire in both occurrences of a repeated hour
///   (`*/30 * * * *` fires at 01:00 and 01:30 EDT, then 01:00 and 01:30 EST) and do not catch up
///   times skipped by a gap, since their next match comes soon after.
///
/// An expression that can never match, such as `0 0 30 2 *`, parses but has no fire times.
public struct CronExpression: Hashable, Sendable, CustomStringConvertible {
    /// The text the expression was parsed from.
    public let source: String
    /// Whether the minute or hour field starts with `*`, which selects cronie's wildcard rules for
    /// daylight-saving changes.
    public let isWildcard: Bool

    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    /// Bits 0–6, Sunday first; a parsed 7 is folded onto 0.
    let daysOfWeek: UInt64
    let dayOfMonthIsStar: Bool
    let dayOfWeekIsStar: Bool

    /// Parses an expression or macro.
    ///
    /// - Throws: ``CronError`` naming the field, the offending text and why: a value out of
    ///   range, a bad step, a reversed range, an unknown name or macro, or a wrong field count.
    public init(parsing text: String) throws(CronError) {
        let fields = try Self.splitFields(text)
        source = text.trimmingCharacters(in: .whitespacesAndNewlines)
        minutes = try Self.parseField(fields[0], .minute)
        hours = try Self.parseField(fields[1], .hour)
        daysOfMonth = try Self.parseField(fields[2], .dayOfMonth)
        months = try Self.parseField(fields[3], .month)
        daysOfWeek = try Self.parseField(fields[4], .dayOfWeek)
        isWildcard = fields[0].hasPrefix("*") || fields[1].hasPrefix("*")
        dayOfMonthIsStar = fields[2].hasPrefix("*")
        dayOfWeekIsStar = fields[4].hasPrefix("*")
    }

    public var description: String { source }

    /// The first fire time strictly after `date`, or `nil` if the expression never matches.
    ///
    /// Complexity: the search jumps over non-matching months, days and hours, so one call costs
    /// O(months + days + hours) examined, at most a few hundred steps, plus two time-zone
    /// transition look-ups per daylight-saving period crossed.
    public func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
        // Beyond ±30,000 years of 1970 (or not finite), seconds would overflow the search.
        let seconds = date.timeIntervalSince1970
        guard isSatisfiable, seconds.isFinite, abs(seconds) < 1e12 else { return nil }
        let start = Int(seconds.rounded(.down)) + 1
        let horizon = start + Self.searchHorizon
        var segment = ZoneSegment(containing: start, in: timeZone)
        while (segment.start ?? start) < horizon {
            if let fire = firstFire(in: segment, from: start, horizon: horizon) {
                return Date(timeIntervalSince1970: TimeInterval(fire))
            }
            guard let next = segment.next(in: timeZone) else { return nil }
            segment = next
        }
        return nil
    }

    /// The next `count` fire times after `date`, in order; fewer if the expression stops matching.
    public func fireTimes(after date: Date, in timeZone: TimeZone, count: Int) -> [Date] {
        var times: [Date] = []
        var cursor = date
        while times.count < count, let next = nextFire(after: cursor, in: timeZone) {
            times.append(next)
            cursor = next
        }
        return times
    }

    /// How far ahead the search looks: 50 years covers the longest gap between two February 29ths
    /// on a given weekday, across a non-leap century year.
    static let searchHorizon = 50 * 366 * 86_400
}
