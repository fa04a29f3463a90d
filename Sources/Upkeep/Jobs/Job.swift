/// One of Upkeep's recurring jobs: a named sequence of steps run against the stores.
///
/// A job runs its steps through ``JobContext/step(_:_:)`` so each is timed and counted, checks
/// ``JobContext/checkCancellation()`` between batches, and honours ``JobOptions/dryRun`` in every
/// destructive step. ``JobRunner`` turns the run into a ``JobReport``.
public protocol Job: Sendable {
    /// The job's name.
    var name: JobName { get }

    /// Runs the job's steps in order.
    ///
    /// - Throws: the error of the first step that failed, or `CancellationError`.
    func run(in context: JobContext) async throws
}

/// The stores, clock and logger a job runs against.
public struct JobEnvironment: Sendable {
    /// The knowledge graph.
    public var graph: any GraphStore
    /// The source of truth.
    public var records: any RecordStore
    /// The cache.
    public var cache: any CacheStore
    /// Where run reports are kept.
    public var ledger: any RunLedger
    /// The source of "now".
    public var clock: any UpkeepClock
    /// Where log events go.
    public var logger: UpkeepLogger

    /// Creates an environment.
    public init(
        graph: any GraphStore,
        records: any RecordStore,
        cache: any CacheStore,
        ledger: any RunLedger,
        clock: any UpkeepClock = SystemClock(),
        logger: UpkeepLogger = .disabled
    ) {
        self.graph = graph
        self.records = records
        self.cache = cache
        self.ledger = ledger
        self.clock = clock
        self.logger = logger
    }
}

/// Settings every job honours.
public struct JobOptions: Hashable, Sendable, Codable {
    /// Items per store call; one batch is the unit of progress, checkpointing and cancellation.
    public var batchSize: Int
    /// Destructive steps count what they would do and change nothing.
    public var dryRun: Bool
    /// Destructive steps go ahead even when the deletion guard would stop them.
    public var force: Bool
    /// Which attempt of a task this run is; recorded in the report.
    public var attempt: Int

    /// Creates options.
    public init(batchSize: Int = 1_000, dryRun: Bool = false, force: Bool = false, attempt: Int = 0) {
        self.batchSize = max(1, batchSize)
        self.dryRun = dryRun
        self.force = force
        self.attempt = attempt
    }
}

/// Where a long step has got to, reported after each batch.
public struct JobProgress: Hashable, Sendable {
    /// The job.
    public var job: JobName
    /// The step.
    public var step: String
    /// Items done so far in this step.
    public var completed: Int
    /// Items the step expects to do, when known.
    public var total: Int?

    /// Creates a progress event.
    public init(job: JobName, step: String, completed: Int, total: Int?) {
        self.job = job
        self.step = step
        self.completed = completed
        self.total = total
    }
}

/// Receives progress events; called from the job's task, so it must return quickly.
public typealias ProgressHandler = @Sendable (JobProgress) -> Void
