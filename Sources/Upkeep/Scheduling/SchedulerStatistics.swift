/// Counters of what a scheduler instance has done since it started.
public struct SchedulerStatistics: Hashable, Sendable {
    /// Slot tasks enqueued.
    public var published = 0
    /// Slot tasks the bus dropped as already published.
    public var duplicates = 0
    /// Due slots folded into a later slot's fire.
    public var coalesced = 0
    /// Due slots older than their grace period, not run.
    public var missed = 0
    /// Times this instance became leader.
    public var leadershipsAcquired = 0
    /// Times this instance found its leader lease gone.
    public var leadershipsLost = 0

    /// Creates zeroed counters.
    public init() {}
}
