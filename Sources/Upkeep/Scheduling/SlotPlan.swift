import Foundation

/// What the scheduler does with the slots of one schedule that came due since it last looked.
///
/// Slots in `(handledThrough, now]` are due. If the latest is at most the grace period old it fires
/// once, standing for every earlier due slot too (they coalesce); otherwise none fires and all are
/// missed. Complexity: one ``CronExpression/nextFire(after:in:)`` call per due slot, with the count
/// of missed slots capped at ``missedCountLimit`` so years of downtime cost a bounded search.
struct SlotPlan: Hashable, Sendable {
    /// The slot to publish, if any.
    var fire: Date?
    /// The latest due slot; the scheduler records it as handled.
    var latest: Date?
    /// Earlier due slots folded into ``fire``.
    var coalesced: Int
    /// Due slots that were too old to run, at most ``missedCountLimit``.
    var missed: Int
    /// The oldest missed slot.
    var firstMissed: Date?

    static let missedCountLimit = 10_000

    init(schedule: ResolvedSchedule, handledThrough: Date, now: Date) {
        let grace = schedule.configuration.gracePeriodSeconds
        // A slot exactly `grace` old is still on time; slots are whole seconds, so a millisecond
        // before the grace start separates old from recent.
        let graceStart = max(handledThrough, now.addingTimeInterval(-grace - 0.001))
        let old = Self.slots(
            of: schedule, after: handledThrough, through: graceStart, limit: Self.missedCountLimit)
        let recent = Self.slots(of: schedule, after: graceStart, through: now, limit: .max)

        fire = recent.last
        latest = recent.last ?? old.last
        coalesced = max(0, recent.count - 1) + (fire == nil ? 0 : old.count)
        missed = fire == nil ? old.count : 0
        firstMissed = fire == nil ? old.first : nil
    }

    /// Slots in `(start, end]`, at most `limit` of them; the last one is always the latest in range
    /// even when the count is capped.
    private static func slots(of schedule: ResolvedSchedule, after start: Date, through end: Date, limit: Int)
        -> (count: Int, first: Date?, last: Date?)
    {
        var count = 0
        var first: Date?
        var last: Date?
        var cursor = start
        while let slot = schedule.nextSlot(after: cursor), slot <= end {
            count += 1
            first = first ?? slot
            last = slot
            cursor = slot
            if count >= limit, let latest = latestSlot(of: schedule, through: end, after: slot) {
                last = latest
                break
            }
        }
        return (count, first, last)
    }

    /// The latest slot in `(after, end]`, found by stepping back from `end` in growing windows.
    private static func latestSlot(
        of schedule: ResolvedSchedule,
        through end: Date,
        after floor: Date
    ) -> Date? {
        var window: TimeInterval = 3_600
        while true {
            let start = max(floor, end.addingTimeInterval(-window))
            var latest: Date?
            var cursor = start
            while let slot = schedule.nextSlot(after: cursor), slot <= end {
                latest = slot
                cursor = slot
            }
            if latest != nil || start == floor { return latest ?? floor }
            window *= 8
        }
    }
}
