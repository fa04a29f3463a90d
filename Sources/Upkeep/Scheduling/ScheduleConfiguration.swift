import Foundation

/// When and how one job is scheduled: a cron expression in a time zone, jitter, a grace period for
/// missed slots and whether runs may overlap.
///
/// Decoding fills absent keys with the defaults below, so a configuration file only names what it
/// changes: `{"job": "sync", "expression": "15 * * * *"}`.
public struct ScheduleConfiguration: Hashable, Sendable, Codable {
    /// What to do when a run is due while the job's previous run is still going.
    public enum Overlap: String, Hashable, Sendable, Codable {
        /// The new run is skipped: its task is acknowledged and the ledger gets a report with status
        /// `skipped`, the step `overlap` skipped and the error `skipped: still running`. Skipping
        /// rather than delaying keeps a slow job from piling up runs; the next slot runs as usual.
        case skip
        /// Runs may overlap.
        case allow
    }

    /// The job.
    public var job: JobName
    /// The cron expression; see ``CronExpression``.
    public var expression: String
    /// The IANA time zone the expression is evaluated in.
    public var timeZone: String
    /// Whether the scheduler publishes this job at all.
    public var enabled: Bool
    /// Each run's task becomes visible up to this many seconds after its slot, chosen at random, so
    /// many deployments sharing a backend do not all start at once.
    public var jitterSeconds: Double
    /// A slot missed by downtime still runs when noticed at most this many seconds late.
    public var gracePeriodSeconds: Double
    /// Whether runs may overlap.
    public var overlap: Overlap
    /// Scheduled runs are dry runs.
    public var dryRun: Bool

    /// Creates a schedule.
    public init(
        job: JobName,
        expression: String,
        timeZone: String = "UTC",
        enabled: Bool = true,
        jitterSeconds: Double = 0,
        gracePeriodSeconds: Double = 1_800,
        overlap: Overlap = .skip,
        dryRun: Bool = false
    ) {
        self.job = job
        self.expression = expression
        self.timeZone = timeZone
        self.enabled = enabled
        self.jitterSeconds = jitterSeconds
        self.gracePeriodSeconds = gracePeriodSeconds
        self.overlap = overlap
        self.dryRun = dryRun
    }

    // MARK: - Defaults

    /// Relationship weights every 10 minutes (the seed's schedule); a missed slot is worth running
    /// up to 5 minutes late, after which the next slot is nearer.
    public static let relationships = Self(
        job: .relationships, expression: "*/10 * * * *", gracePeriodSeconds: 300)
    /// Sync at the top of every hour (the seed's schedule), up to 30 minutes late.
    public static let sync = Self(job: .sync, expression: "0 * * * *", gracePeriodSeconds: 1_800)
    /// Cache warm-up at half past every hour: halfway between two syncs, so it warms what the last
    /// sync wrote while staying clear of the sync's own load; up to 15 minutes late.
    public static let cache = Self(job: .cache, expression: "30 * * * *", gracePeriodSeconds: 900)
    /// Statistics daily at midnight (the seed's schedule), up to 6 hours late.
    public static let statistics = Self(
        job: .statistics, expression: "0 0 * * *", gracePeriodSeconds: 21_600)
    /// Cleanup on Sundays at 02:00 (the seed's schedule), up to 12 hours late.
    public static let cleanup = Self(
        job: .cleanup, expression: "0 2 * * sun", gracePeriodSeconds: 43_200)

    /// The five default schedules.
    public static let defaults: [Self] = [.relationships, .sync, .cache, .statistics, .cleanup]

    // MARK: - Resolution

    /// The parsed expression.
    ///
    /// - Throws: ``CronError`` when ``expression`` is invalid.
    public func cron() throws(CronError) -> CronExpression {
        try CronExpression(parsing: expression)
    }

    /// The time zone.
    ///
    /// - Throws: ``ScheduleConfigurationError`` when ``timeZone`` is not a known IANA zone.
    public func zone() throws(ScheduleConfigurationError) -> TimeZone {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw ScheduleConfigurationError(job: job, reason: "unknown time zone \"\(timeZone)\"")
        }
        return zone
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case job, expression, timeZone, enabled, jitterSeconds, gracePeriodSeconds, overlap, dryRun
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let job = try container.decode(JobName.self, forKey: .job)
        let fallback = Self.defaults.first { $0.job == job }
        self.job = job
        expression = try container.decode(.expression, default: fallback?.expression ?? "")
        timeZone = try container.decode(.timeZone, default: "UTC")
        enabled = try container.decode(.enabled, default: true)
        jitterSeconds = try container.decode(.jitterSeconds, default: 0)
        gracePeriodSeconds = try container.decode(.gracePeriodSeconds, default: fallback?.gracePeriodSeconds ?? 1_800)
        overlap = try container.decode(.overlap, default: .skip)
        dryRun = try container.decode(.dryRun, default: false)
    }
}
