/// The cache keys the scheduler and workers use, under a configurable prefix.
struct SchedulingKeys: Hashable, Sendable {
    /// Prefix of every key, such as `upkeep:`.
    var prefix: String

    /// The scheduler's leader lease.
    var leader: String { "\(prefix)scheduler:leader" }

    /// The last slot the scheduler handled for a job, kept without expiry.
    func handledSlot(_ job: JobName) -> String { "\(prefix)schedule:\(job.rawValue):handled" }

    /// The lease a worker holds while it runs a job, for overlap prevention.
    func running(_ job: JobName) -> String { "\(prefix)job:\(job.rawValue):running" }
}
