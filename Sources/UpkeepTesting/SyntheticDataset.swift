import Foundation
import Upkeep

/// A deterministic demo data set: users, tags, notes and events, the graph that mirrors them,
/// interactions and a search log, at any scale.
///
/// At scale 1 it holds 1,000 users, 200 tags, 50,000 notes, 20,000 events, 200,000
/// relationships, 500,000 interactions and 5,000 search queries, with times spread over the
/// ``spanDays`` days before ``now``. Every item is generated on its own from `(seed, kind,
/// index)`, so the streams below hold one batch in memory at a time, and the same seed always
/// gives the same data.
///
/// ```swift
/// let dataset = SyntheticDataset(scale: 0.1, seed: 7, now: clock.now())
/// try await dataset.load(into: graph, records: records)
/// ```
public struct SyntheticDataset: Sendable {
    /// How many of each thing the data set holds.
    public struct Counts: Hashable, Sendable {
        /// User records, ids `1...users`.
        public var users: Int
        /// Tag records, ids `1...tags`.
        public var tags: Int
        /// Note records, ids `1...notes`.
        public var notes: Int
        /// Event records, ids `1...events`.
        public var events: Int
        /// Relationships: one `CREATED` and the `TAGGED_WITH` edges of every item that is not
        /// deleted, topped up with random `RELATED_TO` and `INTERESTED_IN` edges to the target.
        public var relationships: Int
        /// Interactions with items that are not deleted, ids `i0`, `i1`, ...
        public var interactions: Int
        /// Entries of the search log.
        public var searchQueries: Int

        /// All records: users, tags, notes and events.
        public var records: Int { users + tags + notes + events }
    }

    /// How many days before ``now`` the data's times spread over.
    public static let spanDays = 400

    /// The multiplier applied to the scale-1 counts.
    public let scale: Double
    /// The seed every value is derived from.
    public let seed: UInt64
    /// The instant the data set ends at; no time in it is later.
    public let now: Date
    /// How many of each thing the data set holds.
    public let counts: Counts
    /// How many relationships the records imply (`CREATED` and `TAGGED_WITH`).
    let derivedRelationships: Int

    /// Creates the data set description; nothing is generated until a stream is read.
    ///
    /// Computing ``counts`` walks the items once without building them: O(notes + events).
    public init(scale: Double = 1, seed: UInt64 = 42, now: Date = Fixture.epoch) {
        let factor = max(0, scale)
        let end = Date(epochMilliseconds: now.epochMilliseconds)
        func scaled(_ base: Double, minimum: Int = 0) -> Int { max(minimum, Int((base * factor).rounded())) }
        var counts = Counts(
            users: scaled(1_000, minimum: 1), tags: scaled(200, minimum: 1), notes: scaled(50_000),
            events: scaled(20_000), relationships: 0, interactions: scaled(500_000), searchQueries: scaled(5_000))
        let derived = ItemGenerator(seed: seed, now: end, counts: counts).derivedRelationshipCount()
        counts.relationships = max(scaled(200_000), derived)
        self.scale = factor
        self.seed = seed
        self.now = end
        self.counts = counts
        self.derivedRelationships = derived
    }

    var items: ItemGenerator { ItemGenerator(seed: seed, now: now, counts: counts) }

    // MARK: - Loading

    /// Writes the whole data set: records and search queries to `records`; a node for every
    /// record that is not deleted (``Fixture/node(mirroring:)``), the relationships and the
    /// interactions to `graph`.
    ///
    /// The graph then matches the records, but no sync checkpoint is written, so a first sync
    /// reads every row again; its upserts are idempotent, so nothing changes.
    ///
    /// - Throws: the first error either store throws; what was written before it stays.
    public func load(into graph: any GraphStore, records: any RecordStore, batchSize: Int = 1_000) async throws {
        for batch in self.records(batchSize: batchSize) {
            try await records.upsertRecords(batch)
            try await graph.upsertNodes(batch.filter { $0.status != .deleted }.map(Fixture.node(mirroring:)))
        }
        for batch in relationships(batchSize: batchSize) {
            try await graph.upsertRelationships(batch)
        }
        for batch in interactions(batchSize: batchSize) {
            try await graph.recordInteractions(batch)
        }
        for batch in searchQueries(batchSize: batchSize) {
            try await records.recordSearchQueries(batch)
        }
    }
}

extension SyntheticDataset {
    /// Batches of `batchSize` drawn from `count` items built by `make`, in index order.
    static func batches<Item>(
        count: Int,
        batchSize: Int,
        _ make: @escaping (Int) -> Item
    ) -> UnfoldSequence<[Item], Int> {
        let size = max(1, batchSize)
        return sequence(state: 0) { next -> [Item]? in
            guard next < count else { return nil }
            let end = min(count, next + size)
            defer { next = end }
            return (next..<end).map(make)
        }
    }
}
