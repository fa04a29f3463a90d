import Foundation

extension CacheJob {
    /// What the cache job warms and how long its entries live.
    ///
    /// Every field has a default, and decoding JSON that leaves a field out uses its default, so
    /// `{}` is a complete configuration. A TTL of 0 seconds or less writes entries that never
    /// expire. The job has no time zone setting: all its windows are durations back from now,
    /// not calendar days.
    public struct Configuration: Hashable, Sendable, Codable {
        /// How far back the query log is read to find hot queries, in seconds. Default 1 day.
        public var hotQueryWindowSeconds: Int
        /// How many counters the bounded-memory top-K keeps; see ``HotQueries``. Default 1,000.
        public var hotQueryCounters: Int
        /// The most hot queries preloaded. Default 100.
        public var hotQueryLimit: Int
        /// A query must have run at least this often (estimated) to be hot. Default 2.
        public var minimumQueryCount: Int
        /// Normalised queries longer than this, in characters, are ignored. Default 200.
        public var maximumQueryLength: Int
        /// The labels searched when preloading results. Default `Note`, `Event` and `Tag`.
        public var searchLabels: Set<NodeLabel>
        /// The most results cached per query. Default 20.
        public var resultsPerQuery: Int
        /// How many searches run at once while preloading; the store has no batched search.
        /// Default 8.
        public var searchConcurrency: Int
        /// How long preloaded query results stay cached, in seconds. Default 1 hour.
        public var queryTTLSeconds: Int
        /// How deep the cached tag tree goes; deeper tags are left out and counted. Default 32.
        public var maximumTagDepth: Int
        /// How long the tag tree stays cached, in seconds. Default 1 day.
        public var tagTreeTTLSeconds: Int
        /// Users with an interaction this recent, in seconds, get their graph warmed. Default 1 day.
        public var activeUserWindowSeconds: Int
        /// How many hops a user's cached neighbourhood spans. Default 2.
        public var graphHops: Int
        /// The most nodes in a user's cached neighbourhood, the user included. Default 200.
        public var maximumGraphNodes: Int
        /// Relationships weaker than this are left out of neighbourhoods. Default 0.1.
        public var graphMinimumWeight: Double
        /// How long a user's neighbourhood stays cached, in seconds. Default 1 hour.
        public var userGraphTTLSeconds: Int

        /// Creates a configuration; every parameter defaults to the documented value.
        public init(
            hotQueryWindowSeconds: Int = 86_400,
            hotQueryCounters: Int = 1_000,
            hotQueryLimit: Int = 100,
            minimumQueryCount: Int = 2,
            maximumQueryLength: Int = 200,
            searchLabels: Set<NodeLabel> = [.note, .event, .tag],
            resultsPerQuery: Int = 20,
            searchConcurrency: Int = 8,
            queryTTLSeconds: Int = 3_600,
            maximumTagDepth: Int = 32,
            tagTreeTTLSeconds: Int = 86_400,
            activeUserWindowSeconds: Int = 86_400,
            graphHops: Int = 2,
            maximumGraphNodes: Int = 200,
            graphMinimumWeight: Double = 0.1,
            userGraphTTLSeconds: Int = 3_600
        ) {
            self.hotQueryWindowSeconds = hotQueryWindowSeconds
            self.hotQueryCounters = hotQueryCounters
            self.hotQueryLimit = hotQueryLimit
            self.minimumQueryCount = minimumQueryCount
            self.maximumQueryLength = maximumQueryLength
            self.searchLabels = searchLabels
            self.resultsPerQuery = resultsPerQuery
            self.searchConcurrency = searchConcurrency
            self.queryTTLSeconds = queryTTLSeconds
            self.maximumTagDepth = maximumTagDepth
            self.tagTreeTTLSeconds = tagTreeTTLSeconds
            self.activeUserWindowSeconds = activeUserWindowSeconds
            self.graphHops = graphHops
            self.maximumGraphNodes = maximumGraphNodes
            self.graphMinimumWeight = graphMinimumWeight
            self.userGraphTTLSeconds = userGraphTTLSeconds
        }

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case hotQueryWindowSeconds, hotQueryCounters, hotQueryLimit, minimumQueryCount, maximumQueryLength
            case searchLabels, resultsPerQuery, searchConcurrency, queryTTLSeconds, maximumTagDepth
            case tagTreeTTLSeconds, activeUserWindowSeconds, graphHops, maximumGraphNodes, graphMinimumWeight
            case userGraphTTLSeconds
        }

        /// Decodes a configuration, using the default for every missing field.
        ///
        /// - Throws: `DecodingError` when a field has the wrong type, ``ConfigurationError``
        ///   when a key is not one of the settings.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()

            self.init(
                hotQueryWindowSeconds: try container.decode(
                    .hotQueryWindowSeconds, default: defaults.hotQueryWindowSeconds),
                hotQueryCounters: try container.decode(.hotQueryCounters, default: defaults.hotQueryCounters),
                hotQueryLimit: try container.decode(.hotQueryLimit, default: defaults.hotQueryLimit),
                minimumQueryCount: try container.decode(.minimumQueryCount, default: defaults.minimumQueryCount),
                maximumQueryLength: try container.decode(.maximumQueryLength, default: defaults.maximumQueryLength),
                searchLabels: try container.decode(.searchLabels, default: defaults.searchLabels),
                resultsPerQuery: try container.decode(.resultsPerQuery, default: defaults.resultsPerQuery),
                searchConcurrency: try container.decode(.searchConcurrency, default: defaults.searchConcurrency),
                queryTTLSeconds: try container.decode(.queryTTLSeconds, default: defaults.queryTTLSeconds),
                maximumTagDepth: try container.decode(.maximumTagDepth, default: defaults.maximumTagDepth),
                tagTreeTTLSeconds: try container.decode(.tagTreeTTLSeconds, default: defaults.tagTreeTTLSeconds),
                activeUserWindowSeconds: try container.decode(
                    .activeUserWindowSeconds, default: defaults.activeUserWindowSeconds),
                graphHops: try container.decode(.graphHops, default: defaults.graphHops),
                maximumGraphNodes: try container.decode(.maximumGraphNodes, default: defaults.maximumGraphNodes),
                graphMinimumWeight: try container.decode(.graphMinimumWeight, default: defaults.graphMinimumWeight),
                userGraphTTLSeconds: try container.decode(.userGraphTTLSeconds, default: defaults.userGraphTTLSeconds))
        }
    }
}
