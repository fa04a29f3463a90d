import Foundation

/// A worker's settings: its consumer name, claim and timeout durations, and retry policy.
public struct WorkerConfiguration: Hashable, Sendable, Codable {
    /// The consumer name the worker claims tasks under; unique per worker.
    public var consumer: String
    /// How long a claimed task stays hidden from other workers; the worker extends the claim every
    /// third of this while a job runs, so only a dead worker's task is delivered again.
    public var visibilityTimeoutSeconds: Double
    /// How long one claim waits for a task when none is visible.
    public var claimWaitSeconds: Double
    /// A job still running after this long is cancelled at its next batch boundary and the attempt
    /// counts as failed.
    public var jobTimeoutSeconds: Double
    /// Per-job timeouts overriding ``jobTimeoutSeconds``, keyed by job name.
    public var jobTimeouts: [String: Double]
    /// Retries and dead-lettering.
    public var retry: RetryPolicy
    /// Items per store call handed to jobs.
    public var batchSize: Int
    /// Jobs allowed to run while a previous run of the same job is still going; every other job
    /// is skipped in that case (see ``ScheduleConfiguration/Overlap``).
    public var overlappingJobs: Set<JobName>
    /// Prefix of the cache keys of running-job leases; must match the scheduler's.
    public var keyPrefix: String
    /// How long to wait before claiming again after the bus failed.
    public var errorBackoffSeconds: Double

    /// Creates a configuration.
    public init(
        consumer: String = "worker-\(UUID().uuidString.prefix(8))",
        visibilityTimeoutSeconds: Double = 60,
        claimWaitSeconds: Double = 5,
        jobTimeoutSeconds: Double = 3_600,
        jobTimeouts: [String: Double] = [:],
        retry: RetryPolicy = RetryPolicy(),
        batchSize: Int = 1_000,
        overlappingJobs: Set<JobName> = [],
        keyPrefix: String = "upkeep:",
        errorBackoffSeconds: Double = 1
    ) {
        self.consumer = consumer
        self.visibilityTimeoutSeconds = max(0.003, visibilityTimeoutSeconds)
        self.claimWaitSeconds = max(0, claimWaitSeconds)
        self.jobTimeoutSeconds = jobTimeoutSeconds
        self.jobTimeouts = jobTimeouts
        self.retry = retry
        self.batchSize = max(1, batchSize)
        self.overlappingJobs = overlappingJobs
        self.keyPrefix = keyPrefix
        self.errorBackoffSeconds = errorBackoffSeconds
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case consumer, visibilityTimeoutSeconds, claimWaitSeconds, jobTimeoutSeconds, jobTimeouts, retry
        case batchSize, overlappingJobs, keyPrefix, errorBackoffSeconds
    }

    /// Decodes a configuration; every key is optional and a missing one takes its default.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = WorkerConfiguration()
        self.init(
            consumer: try container.decode(.consumer, default: defaults.consumer),
            visibilityTimeoutSeconds: try container.decode(
                .visibilityTimeoutSeconds, default: defaults.visibilityTimeoutSeconds),
            claimWaitSeconds: try container.decode(.claimWaitSeconds, default: defaults.claimWaitSeconds),
            jobTimeoutSeconds: try container.decode(.jobTimeoutSeconds, default: defaults.jobTimeoutSeconds),
            jobTimeouts: try container.decode(.jobTimeouts, default: [:]),
            retry: try container.decode(.retry, default: defaults.retry),
            batchSize: try container.decode(.batchSize, default: defaults.batchSize),
            overlappingJobs: try container.decode(.overlappingJobs, default: []),
            keyPrefix: try container.decode(.keyPrefix, default: defaults.keyPrefix),
            errorBackoffSeconds: try container.decode(.errorBackoffSeconds, default: defaults.errorBackoffSeconds)
        )
    }

    /// The timeout of `job`, in seconds.
    public func timeout(for job: JobName) -> Double {
        jobTimeouts[job.rawValue] ?? jobTimeoutSeconds
    }

    var visibilityTimeout: Duration { .milliseconds(Int64(visibilityTimeoutSeconds * 1000)) }

    var heartbeatInterval: Duration { .milliseconds(Int64(visibilityTimeoutSeconds * 1000 / 3)) }
}
