import Foundation

/// A user's pre-warmed relationship neighbourhood, cached under `user:<userID>:graph`.
public struct UserGraphSnapshot: Hashable, Sendable, Codable {
    /// One relationship of the neighbourhood.
    public struct Edge: Hashable, Sendable, Codable {
        /// The start node in `Label:id` form.
        public var from: String
        /// The end node in `Label:id` form.
        public var to: String
        /// The relationship type.
        public var type: String
        /// The weight.
        public var weight: Double

        /// Creates an edge from a relationship; a non-finite weight is written as 0.
        public init(_ relationship: Relationship) {
            self.from = relationship.key.from.description
            self.to = relationship.key.to.description
            self.type = relationship.key.type.rawValue
            self.weight = relationship.weight.isFinite ? relationship.weight : 0
        }
    }

    /// The user's id: the id part of the `User` node key.
    public var userID: String
    /// How many hops were expanded.
    public var hops: Int
    /// The nodes in breadth-first discovery order, the user first, in `Label:id` form.
    public var nodes: [String]
    /// The relationships between those nodes, in key order.
    public var edges: [Edge]
    /// Whether the node limit left nodes out.
    public var truncated: Bool
    /// When the neighbourhood was read.
    public var generatedAt: Date

    /// Creates a snapshot of a neighbourhood.
    public init(_ neighbourhood: Neighbourhood, generatedAt: Date) {
        self.userID = neighbourhood.center.id
        self.hops = neighbourhood.hops
        self.nodes = neighbourhood.nodes.map(\.description)
        self.edges = neighbourhood.edges.values
            .map { (text: $0.key.description, edge: Edge($0)) }
            .sorted { $0.text < $1.text }
            .map(\.edge)
        self.truncated = neighbourhood.truncated
        self.generatedAt = generatedAt
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case hops
        case nodes
        case edges
        case truncated
        case generatedAt = "generated_at"
    }
}
