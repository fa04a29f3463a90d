import Foundation

/// The `cache` job: warms the cache with hot query results, the tag tree and active users'
/// relationship graphs, the seed's steps D1 to D4.
///
/// Steps, their counts and what they write (keys in ``CacheKeys``):
///
/// 1. `hot-queries` — reads the search log of the last ``Configuration/hotQueryWindowSeconds``
///    with `searchQueries(since:offset:limit:)` page by page into a bounded ``HotQueries``
///    summary, and keeps the top ``Configuration/hotQueryLimit`` queries seen at least
///    ``Configuration/minimumQueryCount`` times. Counts `queries.read`, `queries.skipped`
///    (blank or too long), `queries.hot`.
/// 2. `preload-results` — one `searchNodes` per hot query, up to
///    ``Configuration/searchConcurrency`` at once, cached as ``CachedSearchResult`` under
///    `query:<normalised text>`. Counts `queries.preloaded`, `results.cached`,
///    `queries.withoutResults`.
/// 3. `tag-tree` — pages every `Tag` node and caches a cycle-safe ``TagTree`` from each tag's
///    `parent` property under `tags:tree`. Counts `tags.scanned`, `tags.roots`,
///    `tags.cyclesBroken`, `tags.omitted`.
/// 4. `user-graphs` — pages users active within ``Configuration/activeUserWindowSeconds`` and
///    grows each one's ``Neighbourhood`` hop by hop, one `relationships(touching:)` round per
///    hop for the whole page, cached as ``UserGraphSnapshot`` under `user:<userID>:graph`,
///    owned by the user. Counts `users.warmed`, `graph.nodes`, `graph.edges`,
///    `graphs.truncated`.
///
/// Cache writes are batched and counted as `cache.written`; a dry run reads and computes
/// everything, writes nothing and counts `cache.skipped` instead.
public struct CacheJob: Job {
    /// The names of the job's steps, in the order they run.
    public enum Step {
        /// D1: find the hot queries.
        public static let hotQueries = "hot-queries"
        /// D2: preload their results.
        public static let preloadResults = "preload-results"
        /// D3: cache the tag tree.
        public static let tagTree = "tag-tree"
        /// D4: pre-warm active users' relationship graphs.
        public static let userGraphs = "user-graphs"
    }

    /// What the job warms and how long its entries live.
    public var configuration: Configuration

    /// The job's name, `cache`.
    public var name: JobName { .cache }

    /// Creates the job.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Runs the four steps in order.
    ///
    /// - Throws: the first store error, or `CancellationError` between batches.
    public func run(in context: JobContext) async throws {
        let run = Run(configuration: configuration, now: context.now())

        let hot = try await context.step(Step.hotQueries) { tally in
            try await run.identifyHotQueries(in: context, tally: tally)
        }
        try await context.step(Step.preloadResults) { tally in
            try await run.preloadResults(of: hot, in: context, tally: tally)
        }
        try await context.step(Step.tagTree) { tally in
            try await run.updateTagTree(in: context, tally: tally)
        }
        try await context.step(Step.userGraphs) { tally in
            try await run.warmUserGraphs(in: context, tally: tally)
        }
    }
}

extension CacheJob {
    /// One run's settings.
    struct Run: Sendable {
        let configuration: Configuration
        let now: Date
    }
}
