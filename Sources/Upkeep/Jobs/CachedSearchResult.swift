import Foundation

/// The preloaded results of a hot search query, cached under `query:<normalised text>`.
public struct CachedSearchResult: Hashable, Sendable, Codable {
    /// One matching node.
    public struct Hit: Hashable, Sendable, Codable {
        /// The node's key in `Label:id` form.
        public var key: String
        /// The node's title, if it has one.
        public var title: String?

        /// Creates a hit from a node.
        public init(_ node: Node) {
            self.key = node.key.description
            self.title = node.properties[Node.Property.title]?.stringValue
        }
    }

    /// The normalised query text.
    public var query: String
    /// How often the query ran in the window, as estimated by ``HotQueries``.
    public var frequency: Int
    /// The matching nodes in key order.
    public var hits: [Hit]
    /// When the results were read.
    public var cachedAt: Date

    /// Creates a result.
    public init(query: String, frequency: Int, hits: [Hit], cachedAt: Date) {
        self.query = query
        self.frequency = frequency
        self.hits = hits
        self.cachedAt = cachedAt
    }

    enum CodingKeys: String, CodingKey {
        case query
        case frequency
        case hits
        case cachedAt = "cached_at"
    }
}
