import Foundation
import Synchronization

/// A ``GraphStore`` held in process memory, for unit tests, benchmarks and hosts that run offline.
///
/// All state sits behind one `Mutex`, so every call is atomic and the store is safe to use from
/// any number of tasks. Times are kept to millisecond precision, like every other backend.
///
/// Relationships live in slots, in insertion order: each slot's key, properties and canonical text
/// (`TYPE|From:id|To:id`) in one array, and its weight, times and interaction bookkeeping as plain
/// numbers in a parallel one. A keyset index of the slots in canonical text order (sorted lazily
/// after inserts) makes a page of ``staleRelationships(updatedBefore:after:limit:)`` cost O(log n)
/// to seek plus O(limit) to read. Each target's interaction times are kept sorted in one packed
/// array, numbered in slot order, so an ``interactionCounts(_:)`` window costs O(log m) for m
/// interactions with the target. Windows and weight writes that follow the page last handed out (as
/// the relationships job's portable pipeline does) find their relationship without hashing, and a
/// window whose target has had no interaction since its start is answered from the relationship's
/// fields alone.
///
/// As a ``WeightPassStore`` the store runs the relationships job's weight pass itself, walking
/// the weight fields and timelines front to back and writing in place, with no string and no
/// allocation per relationship (see ``updateWeights(_:after:limit:)``). Deleted relationships
/// leave dead slots that are compacted away, in amortised O(1) per deletion, once they outnumber
/// the live ones.
public final class InMemoryGraphStore: GraphStore {
    /// Everything the graph holds; every call takes the lock once.
    let state = Mutex(State())

    /// Creates an empty graph.
    public init() {}

    // MARK: - Nodes

    /// Creates or replaces nodes, keyed by ``Node/key``; properties are replaced as a whole.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` naming the first invalid label; nothing is
    ///   written then.
    public func upsertNodes(_ nodes: [Node]) async throws {
        try state.withLock { state in
            try State.validate(nodes: nodes, operation: "upsertNodes")
            state.upsert(nodes: nodes)
        }
    }

    public func nodes(_ keys: [NodeKey]) async throws -> [Node] {
        state.withLock { state in
            Set(keys).compactMap { state.nodes[$0] }.sorted { $0.key < $1.key }
        }
    }

    public func scanNodes(labels: Set<NodeLabel>, after: NodeKey?, limit: Int) async throws -> [Node] {
        state.withLock { state in
            guard limit > 0 else { return [] }
            var page: [Node] = []
            state.walkNodes(labels: labels, after: after) { node in
                page.append(node)
                return page.count < limit
            }
            return page
        }
    }

    public func deleteNodes(_ keys: [NodeKey]) async throws -> Int {
        state.withLock { $0.delete(nodes: keys) }
    }

    public func orphanNodes(
        labels: Set<NodeLabel>,
        createdBefore: Date,
        after: NodeKey?,
        limit: Int
    ) async throws -> [NodeKey] {
        state.withLock { $0.orphans(labels: labels, createdBefore: createdBefore, after: after, limit: limit) }
    }

    /// Nodes with one of `labels` whose `title` contains `text`, ignoring case; an empty `text`
    /// matches every node that has a title.
    public func searchNodes(text: String, labels: Set<NodeLabel>, limit: Int) async throws -> [Node] {
        state.withLock { state in
            guard limit > 0 else { return [] }
            var page: [Node] = []
            state.walkNodes(labels: labels, after: nil) { node in
                if let title = node.properties[Node.Property.title]?.stringValue,
                    text.isEmpty || title.range(of: text, options: .caseInsensitive) != nil
                {
                    page.append(node)
                }
                return page.count < limit
            }
            return page
        }
    }

    // MARK: - Relationships

    /// Creates relationships that do not exist and updates the properties of those that do.
    ///
    /// The batch is checked before anything is written, so a failed call changes nothing.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` naming an invalid type, or `notFound`
    ///   naming the first missing endpoint.
    public func upsertRelationships(_ relationships: [Relationship]) async throws {
        try state.withLock { state in
            try state.validate(relationships: relationships, operation: "upsertRelationships") {
                state.nodes[$0] != nil
            }
            state.upsert(relationships: relationships)
        }
    }

    public func relationships(_ keys: [RelationshipKey]) async throws -> [Relationship] {
        state.withLock { $0.relationships(keys) }
    }

    public func staleRelationships(
        updatedBefore: Date,
        after: RelationshipKey?,
        limit: Int
    ) async throws -> [Relationship] {
        state.withLock { $0.staleRelationships(updatedBefore: updatedBefore, after: after, limit: limit) }
    }

    /// Relationships that start or end at any of `nodes`, with weight at least `minimumWeight`,
    /// in key order.
    public func relationships(touching nodes: [NodeKey], minimumWeight: Double) async throws -> [Relationship] {
        state.withLock { $0.relationships(touching: nodes, minimumWeight: minimumWeight) }
    }

    public func writeWeights(_ writes: [WeightWrite]) async throws -> Int {
        state.withLock { $0.write(weights: writes) }
    }

    public func weakRelationships(
        weightBelow: Double,
        inactiveSince: Date,
        after: RelationshipKey?,
        limit: Int
    ) async throws -> [RelationshipKey] {
        state.withLock { state in
            guard limit > 0 else { return [] }
            var page: [RelationshipKey] = []
            state.walkRelationships(after: after) { relationship in
                let lastActive = max(relationship.createdAt, relationship.lastInteractionAt ?? relationship.createdAt)
                if relationship.weight < weightBelow, lastActive < inactiveSince {
                    page.append(relationship.key)
                }
                return page.count < limit
            }
            return page
        }
    }

    public func deleteRelationships(_ keys: [RelationshipKey]) async throws -> Int {
        state.withLock { $0.delete(relationships: keys) }
    }

    // MARK: - Interactions

    /// Records interactions; an id already recorded is ignored.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` naming an invalid user or target label;
    ///   nothing is recorded then.
    public func recordInteractions(_ interactions: [Interaction]) async throws {
        try state.withLock { state in
            try State.validate(interactions: interactions)
            state.record(interactions: interactions)
        }
    }

    public func interactionCounts(_ windows: [InteractionWindow]) async throws -> [InteractionTally] {
        state.withLock { $0.interactionCounts(windows) }
    }

    public func activeUsers(since: Date, after: NodeKey?, limit: Int) async throws -> [NodeKey] {
        state.withLock { $0.activeUsers(since: since, after: after, limit: limit) }
    }

    // MARK: - Statistics and consistency

    /// Creation times of the items owned by each user, each user's items in key order.
    public func ownedItems(by users: [NodeKey], labels: Set<NodeLabel>) async throws -> [NodeKey: [OwnedItem]] {
        state.withLock { $0.ownedItems(by: users, labels: labels) }
    }

    public func itemsCreated(
        from start: Date,
        to end: Date,
        labels: Set<NodeLabel>,
        after: NodeKey?,
        limit: Int
    ) async throws -> [OwnedItem] {
        state.withLock { state in
            guard limit > 0 else { return [] }
            var page: [OwnedItem] = []
            state.walkNodes(labels: labels, after: after) { node in
                if node.createdAt >= start, node.createdAt < end {
                    page.append(OwnedItem(key: node.key, owner: State.owner(of: node), createdAt: node.createdAt))
                }
                return page.count < limit
            }
            return page
        }
    }

    public func digest(label: NodeLabel, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest {
        state.withLock { state in
            var digest = ConsistencyDigest.empty
            state.walkNodes(labels: [label], after: nil) { node in
                guard let id = Int64(node.key.id), ids.contains(id),
                    node.properties[Node.Property.placeholder] != .bool(true)
                else { return true }
                digest.add(id: id, updatedAt: node.updatedAt)
                return true
            }
            return digest
        }
    }

    public func counts() async throws -> GraphCounts {
        state.withLock { state in
            GraphCounts(nodesByLabel: state.nodeCounts.filter { $0.value > 0 }, relationships: state.slotByKey.count)
        }
    }

    // MARK: - Sync

    /// Applies a sync batch and stores `checkpoint` under the name `sync` (``JobName/sync``).
    ///
    /// The whole batch is checked first (labels, types, endpoints as they will be after the node
    /// steps) and then applied under one lock, so it is all-or-nothing.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` or `notFound`, as the upsert methods do.
    public func applySyncBatch(_ batch: GraphSyncBatch, checkpoint: SyncCheckpoint) async throws {
        try state.withLock { try $0.apply(batch, checkpoint: checkpoint, name: JobName.sync.rawValue) }
    }

    public func checkpoint(named name: String) async throws -> SyncCheckpoint? {
        state.withLock { $0.checkpoints[name] }
    }
}
