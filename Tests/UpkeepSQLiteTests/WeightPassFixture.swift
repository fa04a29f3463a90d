import Foundation
import Upkeep
import UpkeepSQLite
import UpkeepTesting

/// A random but reproducible graph for the weight pass tests: relationships of every shape the
/// pass meets (stale and fresh, boosted before or never, bad stored weights, `User` endpoints at
/// either end) and interactions spread over the last 60 days.
struct WeightPassFixture {
    /// The nodes, users first.
    let nodes: [Node]
    /// The relationships, each key once.
    let relationships: [Relationship]
    /// The interactions.
    let interactions: [Interaction]

    /// Draws a fixture of about `relationshipCount` relationships from `seed`, as seen at `now`.
    init(seed: UInt64, relationshipCount: Int, now: Date) {
        var generator = SeededRandomNumberGenerator(seed: seed)
        let users = (0..<6).map { NodeKey(.user, Int64($0)) }
        let items = (0..<30).map { NodeKey(.note, Int64($0)) } + (0..<6).map { NodeKey(.tag, Int64($0)) }
        nodes = (users + items).map { Node(key: $0, createdAt: now.addingTimeInterval(-500 * 86_400)) }

        var keys = Set<RelationshipKey>()
        let types: [RelationshipType] = [.created, .taggedWith, .relatedTo]
        let endpoints = users + items
        while keys.count < relationshipCount {
            let from = endpoints.randomElement(using: &generator)!
            let to = endpoints.randomElement(using: &generator)!
            guard from != to else { continue }
            keys.insert(RelationshipKey(types.randomElement(using: &generator)!, from: from, to: to))
        }
        relationships = keys.sorted().map { Self.relationship($0, now: now, using: &generator) }

        interactions = (0..<(relationshipCount * 3)).map { index in
            Interaction(
                id: "i\(index)", user: users.randomElement(using: &generator)!,
                target: endpoints.randomElement(using: &generator)!,
                occurredAt: Self.daysBefore(now, Double.random(in: 0..<60, using: &generator)))
        }
    }

    /// Writes the fixture into `graph`.
    func load(into graph: any GraphStore) async throws {
        try await graph.upsertNodes(nodes)
        try await graph.upsertRelationships(relationships)
        try await graph.recordInteractions(interactions)
    }

    private static func relationship(
        _ key: RelationshipKey,
        now: Date,
        using generator: inout SeededRandomNumberGenerator
    ) -> Relationship {
        let createdAt = daysBefore(now, Double.random(in: 2..<400, using: &generator))
        let age = now.timeIntervalSince(createdAt) / 86_400
        let updatedAt = daysBefore(now, Double.random(in: 0..<age, using: &generator))
        let boostedThrough = Bool.random(using: &generator) ? nil : Optional(updatedAt)
        let lastInteractionDays = Double.random(in: 0..<30, using: &generator)
        let lastInteractionAt =
            Bool.random(using: &generator) ? nil : Optional(daysBefore(updatedAt, lastInteractionDays))
        let weights: [Double] = [.nan, 1.5, -0.2, .infinity, 0.05]
        let weight =
            Int.random(in: 0..<10, using: &generator) == 0
            ? weights.randomElement(using: &generator)! : Double.random(in: 0...1, using: &generator)
        return Relationship(
            key: key, weight: weight, createdAt: createdAt, updatedAt: updatedAt,
            lastInteractionAt: lastInteractionAt, boostedThrough: boostedThrough)
    }

    /// `days` before `date`, rounded down to a whole millisecond.
    static func daysBefore(_ date: Date, _ days: Double) -> Date {
        Date(epochMilliseconds: date.addingTimeInterval(-days * 86_400).epochMilliseconds)
    }
}

/// A relationship's stored fields, comparable even when the weight is NaN.
struct StoredRelationship: Hashable {
    var key: RelationshipKey
    var weightBits: UInt64
    var createdAt: Date
    var updatedAt: Date
    var lastInteractionAt: Date?
    var boostedThrough: Date?

    init(_ relationship: Relationship) {
        key = relationship.key
        weightBits = relationship.weight.isNaN ? Double.nan.bitPattern : relationship.weight.bitPattern
        createdAt = relationship.createdAt
        updatedAt = relationship.updatedAt
        lastInteractionAt = relationship.lastInteractionAt
        boostedThrough = relationship.boostedThrough
    }

    /// Every relationship of `graph`, in key order.
    static func all(in graph: any GraphStore) async throws -> [StoredRelationship] {
        try await graph.staleRelationships(updatedBefore: .distantFuture, after: nil, limit: 100_000)
            .map(Self.init)
    }
}
