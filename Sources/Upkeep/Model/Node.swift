import Foundation

/// A node of the knowledge graph.
public struct Node: Hashable, Sendable, Codable {
    /// The node's application key.
    public var key: NodeKey
    /// The node's properties, such as `title` or `status`.
    public var properties: Properties
    /// When the thing the node stands for was created.
    public var createdAt: Date
    /// When the node was last written; for synced nodes, the source row's `updatedAt`.
    public var updatedAt: Date

    /// Creates a node.
    public init(key: NodeKey, properties: Properties = [:], createdAt: Date, updatedAt: Date? = nil) {
        self.key = key
        self.properties = properties
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Property names the sync job and the statistics rely on.
    public enum Property {
        /// The key of the node's owner (a `User` node) as `User:id`, for notes and events.
        public static let owner = "owner"
        /// The source row's status: `active`, `archived` or `deleted`.
        public static let status = "status"
        /// A title, for notes, events and tags.
        public static let title = "title"
        /// Whether a node is a placeholder created before its source row arrived.
        public static let placeholder = "placeholder"
    }
}
