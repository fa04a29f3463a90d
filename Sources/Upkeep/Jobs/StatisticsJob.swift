import Foundation

/// The `statistics` job: user activity, daily usage statistics, content quality,
/// recommendations and user profiles, the seed's steps E1 to E5.
///
/// Steps, their counts and what they write (keys in ``CacheKeys``):
///
/// 1. `user-activity` — pages users with `scanNodes(labels: [.user])` and reads each page's
///    items with one `ownedItems(by:labels:)` call; computes every user's ``Engagement`` in
///    their own time zone (the `timeZone` property of the `User` node, else the configured
///    zone). Counts `users.scanned`, `items.counted`, `users.active` (a recent item),
///    `users.streaking` (current streak above 0), `users.invalidTimeZone`.
/// 2. `usage-statistics` — ``DailyStatistics`` of yesterday (or of the last
///    ``Configuration/dailyStatisticsDays`` days) in the configured zone from pages of
///    `itemsCreated(from:to:)`, cached under `stats:daily:<date>`. Counts `days.computed`, and
///    `items.counted` and `users.active` summed over the days.
/// 3. `content-quality` — pages items, reads their relationships in one call per page, scores
///    each active item with ``ContentQuality`` and caches one ``ContentQualityReport`` (count,
///    mean, histogram, lowest items) under `stats:quality:<today>`, rather than one entry per
///    item. Counts `items.scanned`, `items.scored`, `items.inactive` (archived or deleted).
/// 4. `recommendations` — per page of users, their relationships and then their neighbours'
///    relationships (two `relationships(touching:minimumWeight:)` rounds), ranked with
///    ``Recommendations`` and cached per user under `recommendations:<userID>`. Counts
///    `users.ranked`, `users.withRecommendations`, `recommendations.total`,
///    `relationships.read`.
/// 5. `user-profiles` — one ``UserProfile`` per user under `profile:<userID>`. Counts
///    `profiles.computed`.
///
/// Cache writes are batched per page and counted as `cache.written`; a dry run computes
/// everything, writes nothing and counts `cache.skipped` instead. The run reads "now" once, so
/// every step sees the same instant. Memory is O(users) for the engagement of every user, which
/// steps 4 and 5 reuse, plus one page of items or relationships.
public struct StatisticsJob: Job {
    /// The names of the job's steps, in the order they run.
    public enum Step {
        /// E1: engagement and streaks of every user.
        public static let userActivity = "user-activity"
        /// E2: yesterday's daily statistics.
        public static let usageStatistics = "usage-statistics"
        /// E3: the content quality report.
        public static let contentQuality = "content-quality"
        /// E4: per-user recommendations.
        public static let recommendations = "recommendations"
        /// E5: per-user profiles.
        public static let userProfiles = "user-profiles"
    }

    /// What the job computes and how long its cache entries live.
    public var configuration: Configuration

    /// The job's name, `statistics`.
    public var name: JobName { .statistics }

    /// Creates the job.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Runs the five steps in order.
    ///
    /// - Throws: ``ConfigurationError`` when the time zone is unknown, before any step runs;
    ///   otherwise the first store error, or `CancellationError` between batches.
    public func run(in context: JobContext) async throws {
        let run = Run(
            configuration: configuration, zone: try configuration.resolvedTimeZone(),
            now: context.now())

        let activity = try await context.step(Step.userActivity) { tally in
            try await run.computeUserActivity(in: context, tally: tally)
        }
        try await context.step(Step.usageStatistics) { tally in
            try await run.generateUsageStatistics(in: context, tally: tally)
        }
        try await context.step(Step.contentQuality) { tally in
            try await run.analyzeContentQuality(in: context, tally: tally)
        }
        try await context.step(Step.recommendations) { tally in
            try await run.generateRecommendations(
                for: activity.map(\.user), in: context, tally: tally)
        }
        try await context.step(Step.userProfiles) { tally in
            try await run.updateProfiles(activity, in: context, tally: tally)
        }
    }
}

extension StatisticsJob {
    /// One run's settings, resolved once.
    struct Run {
        let configuration: Configuration
        let zone: TimeZone
        let now: Date
    }

    /// One user's engagement, computed in the user's time zone.
    struct UserActivity: Sendable {
        let user: NodeKey
        let timeZone: String
        let engagement: Engagement
    }
}
