import Foundation
import Upkeep
import UpkeepTesting

/// A random graph for comparing an ``InMemoryGraphStore``'s own weight pass with the portable
/// pipeline: the same seed always builds the same relationships, interactions and cache entries.
///
/// Relationships are inserted in random order, so the store's pass order differs from key
/// order, and some are deleted again before any run. Stored weights include NaN, infinities and
/// values outside `[0, 1]`; relationships may lack `boostedThrough` or `lastInteractionAt`, and
/// some were written too recently to be stale. Interactions fall on notes, tags and users, some
/// exactly at a relationship's `boostedThrough` and some after `now`, to exercise both ends of
/// every window.
struct WeightPassWorld {
    static let now = Date(epochMilliseconds: 1_767_225_600_000)
    static let day: TimeInterval = 86_400

    let clock = ManualClock(WeightPassWorld.now)
    let graph = InMemoryGraphStore()
    let cache: InMemoryCacheStore
    let ledger = InMemoryRunLedger()

    /// Builds the graph for `seed`.
    init(seed: UInt64) async throws {
        cache = InMemoryCacheStore(clock: clock)
        var random = SeededRandomNumberGenerator(seed: seed)
        let nodes =
            (1...6).map { NodeKey(.user, Int64($0)) } + (1...30).map { NodeKey(.note, Int64($0)) }
            + (1...4).map { NodeKey(.tag, Int64($0)) }
        try await graph.upsertNodes(nodes.map { Node(key: $0, createdAt: Self.daysAgo(500)) })

        var relationships: [Relationship] = []
        for from in nodes {
            for to in nodes where from != to && Int.random(in: 0..<8, using: &random) == 0 {
                relationships.append(Self.relationship(from: from, to: to, using: &random))
            }
        }
        relationships.shuffle(using: &random)
        try await graph.upsertRelationships(relationships)
        let deleted = relationships.prefix(relationships.count / 10).map(\.key)
        _ = try await graph.deleteRelationships(deleted)

        let interactions = Self.interactions(on: nodes, boundaries: relationships, using: &random)
        try await graph.recordInteractions(interactions)
        let entries = (1...6).map {
            CacheEntry(key: "user:\($0):graph", value: Data("x".utf8), ttl: nil, user: "\($0)")
        }
        try await cache.set(entries)
    }

    /// Every relationship, in key order.
    func relationships() async throws -> [Relationship] {
        try await graph.staleRelationships(updatedBefore: .distantFuture, after: nil, limit: .max)
    }

    /// Runs `job` against the store itself, or through a wrapper that hides its
    /// ``WeightPassStore`` conformance when `portable` is true.
    func run(_ job: RelationshipsJob, portable: Bool, options: JobOptions) async -> JobReport {
        // A fault injector whose failing write never comes passes every call through, but it is
        // only a GraphStore, so the job takes the portable pipeline.
        let store: any GraphStore =
            portable ? FaultInjectingGraphStore(wrapping: graph, failingWrite: .max) : graph
        let runner = JobRunner(
            environment: JobEnvironment(
                graph: store, records: InMemoryRecordStore(), cache: cache, ledger: ledger, clock: clock))
        return await runner.run(job, options: options)
    }

    // MARK: - Random data

    static func daysAgo(_ days: Double) -> Date {
        Date(epochMilliseconds: now.addingTimeInterval(-days * day).epochMilliseconds)
    }

    private static func relationship(
        from: NodeKey,
        to: NodeKey,
        using random: inout SeededRandomNumberGenerator
    ) -> Relationship {
        let specials: [Double] = [.nan, .infinity, -.infinity, -0.5, 1.5, 0, 1]
        let weight =
            Int.random(in: 0..<10, using: &random) == 0
            ? specials.randomElement(using: &random)! : Double.random(in: 0...1, using: &random)
        let created = Double.random(in: 20...90, using: &random)
        let written = Double.random(in: -0.01...20, using: &random)
        let boosted: Date? = Bool.random(using: &random) ? daysAgo(written) : nil
        let interacted: Date? = Bool.random(using: &random) ? daysAgo(written + 1) : nil
        let type: RelationshipType = [.created, .taggedWith, .relatedTo, .interestedIn].randomElement(using: &random)!
        return Relationship(
            key: RelationshipKey(type, from: from, to: to), weight: weight, createdAt: daysAgo(created),
            updatedAt: daysAgo(written), lastInteractionAt: interacted, boostedThrough: boosted)
    }

    private static func interactions(
        on nodes: [NodeKey],
        boundaries relationships: [Relationship],
        using random: inout SeededRandomNumberGenerator
    ) -> [Interaction] {
        var interactions = (0..<300).map { index in
            Interaction(
                id: "i\(index)", user: NodeKey(.user, Int64.random(in: 1...6, using: &random)),
                target: nodes.randomElement(using: &random)!,
                occurredAt: daysAgo(Double.random(in: -1...45, using: &random)))
        }
        for (index, relationship) in relationships.prefix(40).enumerated() {
            let start = relationship.boostedThrough ?? relationship.createdAt
            for (offset, time) in [start, start.addingTimeInterval(0.001)].enumerated() {
                interactions.append(
                    Interaction(
                        id: "b\(index)-\(offset)", user: NodeKey(.user, 1), target: relationship.key.to,
                        occurredAt: time))
            }
        }
        return interactions
    }
}
