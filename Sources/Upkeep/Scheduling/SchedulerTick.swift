import Foundation

/// What one ``Scheduler/tick()`` did.
public struct SchedulerTick: Hashable, Sendable {
    /// Whether this instance held the leader lease and evaluated the schedules.
    public var isLeader: Bool
    /// Tasks this tick put on the bus.
    public var published: [UpkeepTask]
    /// Idempotency keys of slots some instance had already published.
    public var duplicates: [String]
    /// Slots per job that were too old to run and were recorded as missed.
    public var missed: [JobName: Int]
    /// When the scheduler should look again: the next slot, or the next lease renewal if sooner.
    public var nextWake: Date

    /// Creates a tick result.
    public init(
        isLeader: Bool,
        published: [UpkeepTask] = [],
        duplicates: [String] = [],
        missed: [JobName: Int] = [:],
        nextWake: Date
    ) {
        self.isLeader = isLeader
        self.published = published
        self.duplicates = duplicates
        self.missed = missed
        self.nextWake = nextWake
    }
}
