import Foundation

/// The scheduler's settings: the schedules and the leader lease.
public struct SchedulerConfiguration: Hashable, Sendable, Codable {
    /// The schedules; by default the five of ``ScheduleConfiguration/defaults``.
    public var schedules: [ScheduleConfiguration]
    /// How long the leader lease lives without renewal; the leader renews it every third of this.
    public var leaseSeconds: Double
    /// Prefix of every cache key the scheduler and workers write, so several deployments can share
    /// one cache.
    public var keyPrefix: String

    /// Creates a configuration.
    public init(
        schedules: [ScheduleConfiguration] = ScheduleConfiguration.defaults,
        leaseSeconds: Double = 30,
        keyPrefix: String = "upkeep:"
    ) {
        self.schedules = schedules
        self.leaseSeconds = leaseSeconds
        self.keyPrefix = keyPrefix
    }

    /// Checks every schedule and returns them parsed.
    ///
    /// - Throws: ``ScheduleConfigurationError`` for an invalid expression, unknown time zone,
    ///   negative jitter or grace period, a duplicate job, or a lease shorter than 3 seconds.
    public func resolved() throws(ScheduleConfigurationError) -> [ResolvedSchedule] {
        var seen: Set<JobName> = []
        var resolved: [ResolvedSchedule] = []
        for schedule in schedules {
            guard seen.insert(schedule.job).inserted else {
                throw ScheduleConfigurationError(job: schedule.job, reason: "scheduled twice")
            }
            resolved.append(try ResolvedSchedule(schedule))
        }
        guard leaseSeconds >= 3 else {
            let job = schedules.first?.job ?? JobName("scheduler")
            throw ScheduleConfigurationError(job: job, reason: "leaseSeconds \(leaseSeconds) is below 3")
        }
        return resolved
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case schedules, leaseSeconds, keyPrefix
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schedules =
            try container.decode(.schedules, default: ScheduleConfiguration.defaults)
        leaseSeconds = try container.decode(.leaseSeconds, default: 30)
        keyPrefix = try container.decode(.keyPrefix, default: "upkeep:")
    }
}
