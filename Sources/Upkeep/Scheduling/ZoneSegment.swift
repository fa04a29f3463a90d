import Foundation

/// A stretch of time over which a time zone keeps one UTC offset, bounded by transitions.
///
/// Within a segment wall time and instant differ by a constant, so cron matching there is plain
/// calendar arithmetic. The transition that starts a segment tells whether wall times were skipped
/// (the offset grew) or repeat earlier ones (the offset shrank). Instants are seconds since 1970.
struct ZoneSegment: Hashable, Sendable {
    /// The transition that began the segment, or `nil` if none was found within two days before.
    var start: Int?
    /// The offset in force before ``start``.
    var previousOffset: Int?
    /// Seconds east of UTC within the segment.
    var offset: Int
    /// The next transition, or `nil` if the zone has none ahead.
    var end: Int?

    /// The segment containing `instant`. Offset shifts longer than two days are not recognised as
    /// the start of the segment, which no real zone's daylight-saving change comes close to.
    init(containing instant: Int, in timeZone: TimeZone) {
        var latest: Int?
        var probe = Date(timeIntervalSince1970: TimeInterval(instant - 2 * 86_400))
        while let transition = timeZone.nextDaylightSavingTimeTransition(after: probe),
            Int(transition.timeIntervalSince1970) <= instant
        {
            latest = Int(transition.timeIntervalSince1970)
            probe = transition
        }
        start = latest
        previousOffset = latest.map { Self.offset(at: $0 - 1, in: timeZone) }
        offset = Self.offset(at: instant, in: timeZone)
        end = Self.transition(after: instant, in: timeZone)
    }

    private init(start: Int, previousOffset: Int, offset: Int, end: Int?) {
        self.start = start
        self.previousOffset = previousOffset
        self.offset = offset
        self.end = end
    }

    /// The segment that follows this one, or `nil` if this one never ends.
    func next(in timeZone: TimeZone) -> ZoneSegment? {
        guard let end else { return nil }
        return ZoneSegment(
            start: end, previousOffset: offset, offset: Self.offset(at: end, in: timeZone),
            end: Self.transition(after: end, in: timeZone))
    }

    /// The wall times skipped by the forward change that began the segment, as a half-open range
    /// of wall-clock seconds, or `nil` if the segment did not begin with a gap.
    var skippedWallTimes: Range<Int>? {
        guard let start, let previousOffset, offset > previousOffset else { return nil }
        return (start + previousOffset)..<(start + offset)
    }

    /// The wall times that repeat ones from before the backward change that began the segment, or
    /// `nil` if the segment did not begin with a repeat.
    var repeatedWallTimes: Range<Int>? {
        guard let start, let previousOffset, previousOffset > offset else { return nil }
        return (start + offset)..<(start + previousOffset)
    }

    private static func offset(at instant: Int, in timeZone: TimeZone) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    private static func transition(after instant: Int, in timeZone: TimeZone) -> Int? {
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        return timeZone.nextDaylightSavingTimeTransition(after: date).map { Int($0.timeIntervalSince1970) }
    }
}
