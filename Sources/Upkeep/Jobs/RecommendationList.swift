import Foundation

/// A user's recommendations as cached under `recommendations:<userID>` by the statistics job.
public struct RecommendationList: Hashable, Sendable, Codable {
    /// One recommended node.
    public struct Item: Hashable, Sendable, Codable {
        /// The node's key in `Label:id` form.
        public var key: String
        /// The sum of two-hop path weight products; see ``Recommendations``.
        public var score: Double
        /// How many two-hop paths lead to the node.
        public var paths: Int

        /// Creates an item from a ranked candidate.
        public init(_ candidate: Recommendations.Candidate) {
            self.key = candidate.key.description
            self.score = candidate.score
            self.paths = candidate.paths
        }
    }

    /// The user's id: the id part of the `User` node key.
    public var userID: String
    /// The recommendations, best first.
    public var items: [Item]
    /// When they were computed.
    public var generatedAt: Date

    /// Creates a list.
    public init(user: NodeKey, candidates: [Recommendations.Candidate], generatedAt: Date) {
        self.userID = user.id
        self.items = candidates.map(Item.init)
        self.generatedAt = generatedAt
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case items
        case generatedAt = "generated_at"
    }
}
