import Foundation
import Upkeep
import UpkeepDemo

/// The graph both decay scenarios measure, drawn from fixed seeds so every run sees the same data.
///
/// Edge `i` belongs to note `i / 2`: an even `i` is `User -CREATED-> Note`, an odd one
/// `Note -TAGGED_WITH-> Tag`. Each edge was created 90 to 455 days ago and last written by an
/// earlier run 1 hour to 10 days ago, with its interactions counted up to that run, so every edge
/// decays and the run writes all of them. Interactions target notes uniformly and happened in
/// the last 60 days, so about a twelfth of them fall after an edge's last run and boost it.
///
/// An edge's stored state is a function of its index alone (``edge(_:)``), which is what lets a
/// scenario put the original state back between repetitions with ``originalWrite(_:)``.
struct DecayWorkload: Sendable {
    /// Edges at scale 1.
    static let defaultEdges = 1_000_000
    /// Interactions at scale 1.
    static let defaultInteractions = 3_000_000
    /// How many rows a loading transaction or store call carries.
    static let loadBatch = 50_000

    /// How many edges the graph holds.
    let edgeCount: Int
    /// How many interactions the graph holds.
    let interactionCount: Int
    /// The instant the job runs at.
    let now: Date

    /// Creates the workload for `scale` times the default size, as seen at `now`.
    init(scale: Double, now: Date) {
        edgeCount = max(2, Int(Double(Self.defaultEdges) * scale))
        interactionCount = max(1, Int(Double(Self.defaultInteractions) * scale))
        self.now = Date(epochMilliseconds: now.epochMilliseconds)
    }

    /// One note per two edges.
    var noteCount: Int { (edgeCount + 1) / 2 }
    /// One user per ten notes.
    var userCount: Int { max(1, noteCount / 10) }
    /// A fixed tag vocabulary.
    var tagCount: Int { 1_000 }

    // MARK: - Edges

    /// The key of edge `index`.
    func key(ofEdge index: Int) -> RelationshipKey {
        let note = NodeKey(.note, Int64(index / 2))
        if index.isMultiple(of: 2) {
            return RelationshipKey(.created, from: NodeKey(.user, Int64(index / 2 % userCount)), to: note)
        }
        return RelationshipKey(.taggedWith, from: note, to: NodeKey(.tag, Int64(index / 2 % tagCount)))
    }

    /// Edge `index` as stored before any repetition.
    func edge(_ index: Int) -> Relationship {
        var generator = SeededRandomNumberGenerator(seed: 0xDECA_0000_0000 &+ UInt64(index))
        let nowMillis = now.epochMilliseconds
        let created = nowMillis - Self.millis(days: 90 + 365 * generator.nextUnit())
        let updated = nowMillis - Self.millis(days: 1.0 / 24 + 10 * generator.nextUnit())
        let weight = 0.2 + 0.8 * generator.nextUnit()
        let lastInteraction = updated - Self.millis(days: 30 * generator.nextUnit())
        return Relationship(
            key: key(ofEdge: index), weight: weight, createdAt: Date(epochMilliseconds: created),
            updatedAt: Date(epochMilliseconds: updated), lastInteractionAt: Date(epochMilliseconds: lastInteraction),
            boostedThrough: Date(epochMilliseconds: updated))
    }

    /// The write that puts edge `index` back to its original state.
    ///
    /// Every field is set (none is `nil`), because a `nil` in a ``WeightWrite`` leaves the stored
    /// value alone.
    func originalWrite(_ index: Int) -> WeightWrite {
        let edge = edge(index)
        return WeightWrite(
            key: edge.key, weight: edge.weight, updatedAt: edge.updatedAt, boostedThrough: edge.boostedThrough,
            lastInteractionAt: edge.lastInteractionAt)
    }

    // MARK: - Interactions

    /// Interaction `index`: a view of a random note by a random user in the last 60 days.
    func interaction(_ index: Int) -> Interaction {
        var generator = SeededRandomNumberGenerator(seed: 0x1A7E_0000_0000 &+ UInt64(index))
        let note = Int64(generator.next() % UInt64(noteCount))
        let user = Int64(generator.next() % UInt64(userCount))
        let occurred = now.epochMilliseconds - Self.millis(days: 60 * generator.nextUnit())
        return Interaction(
            id: "i\(index)", user: NodeKey(.user, user), target: NodeKey(.note, note),
            occurredAt: Date(epochMilliseconds: occurred))
    }

    // MARK: - Batches

    /// `0..<count` cut into ranges of at most ``loadBatch``.
    static func batches(of count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: loadBatch).map { $0..<min($0 + loadBatch, count) }
    }

    static func millis(days: Double) -> Int64 {
        Int64((days * 86_400_000).rounded())
    }
}
