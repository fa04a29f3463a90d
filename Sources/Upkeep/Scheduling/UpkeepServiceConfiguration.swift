/// Settings of an ``UpkeepService``: the scheduler's, the workers' and how many workers.
public struct UpkeepServiceConfiguration: Hashable, Sendable, Codable {
    /// The schedules and leader lease.
    public var scheduler: SchedulerConfiguration
    /// The settings every worker shares; each gets the consumer name `<consumer>-<n>`.
    public var worker: WorkerConfiguration
    /// How many workers run in the process.
    public var workerCount: Int
    /// Whether this process runs a scheduler; any number may, only one leads.
    public var runsScheduler: Bool

    /// Creates a configuration.
    public init(
        scheduler: SchedulerConfiguration = SchedulerConfiguration(),
        worker: WorkerConfiguration = WorkerConfiguration(),
        workerCount: Int = 2,
        runsScheduler: Bool = true
    ) {
        self.scheduler = scheduler
        self.worker = worker
        self.workerCount = workerCount
        self.runsScheduler = runsScheduler
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case scheduler, worker, workerCount, runsScheduler
    }

    /// Decodes a configuration; every key is optional and a missing one takes its default.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            scheduler: try container.decode(.scheduler, default: SchedulerConfiguration()),
            worker: try container.decode(.worker, default: WorkerConfiguration()),
            workerCount: try container.decode(.workerCount, default: 2),
            runsScheduler: try container.decode(.runsScheduler, default: true)
        )
    }

    /// The configuration of worker `index` (from 1): its consumer name, the shared key prefix, and
    /// the jobs whose schedules allow overlapping runs.
    public func workerConfiguration(index: Int) -> WorkerConfiguration {
        var configuration = worker
        configuration.consumer = "\(worker.consumer)-\(index)"
        configuration.keyPrefix = scheduler.keyPrefix
        let overlapping = scheduler.schedules.filter { $0.overlap == .allow }.map(\.job)
        configuration.overlappingJobs.formUnion(overlapping)
        return configuration
    }
}
