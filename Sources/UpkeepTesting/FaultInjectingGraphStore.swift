import Foundation
import Synchronization
import Upkeep

/// A ``GraphStore`` that passes every call to another store but fails one chosen write, to
/// simulate a crash or an outage in the middle of a job.
///
/// Writes are counted from 1 across the write methods: `upsertNodes`, `deleteNodes`,
/// `upsertRelationships`, `writeWeights`, `deleteRelationships`, `recordInteractions` and
/// `applySyncBatch`. Write number ``failingWrite`` throws ``StoreError`` with code
/// `unavailable` before reaching the wrapped store, so it changes nothing; every other call goes
/// through untouched.
public final class FaultInjectingGraphStore: GraphStore {
    /// The store calls are passed to.
    public let base: any GraphStore
    /// The 1-based number of the write that fails.
    public let failingWrite: Int
    private let writes = Mutex(0)

    /// Wraps `base` so that write number `failingWrite` (counted from 1) fails.
    public init(wrapping base: any GraphStore, failingWrite: Int) {
        self.base = base
        self.failingWrite = failingWrite
    }

    /// How many write calls have been made, the failed one included.
    public var writeCount: Int { writes.withLock { $0 } }

    /// Counts a write and throws if it is the chosen one.
    private func countWrite(_ operation: String) throws {
        let number = writes.withLock { count -> Int in
            count += 1
            return count
        }
        guard number == failingWrite else { return }
        throw StoreError(
            .unavailable, store: .graph, operation: operation,
            message: "injected fault on write \(number) of the test's FaultInjectingGraphStore")
    }

    // MARK: - Writes

    public func upsertNodes(_ nodes: [Node]) async throws {
        try countWrite("upsertNodes")
        try await base.upsertNodes(nodes)
    }

    public func deleteNodes(_ keys: [NodeKey]) async throws -> Int {
        try countWrite("deleteNodes")
        return try await base.deleteNodes(keys)
    }

    public func upsertRelationships(_ relationships: [Relationship]) async throws {
        try countWrite("upsertRelationships")
        try await base.upsertRelationships(relationships)
    }

    public func writeWeights(_ writes: [WeightWrite]) async throws -> Int {
        try countWrite("writeWeights")
        return try await base.writeWeights(writes)
    }

    public func deleteRelationships(_ keys: [RelationshipKey]) async throws -> Int {
        try countWrite("deleteRelationships")
        return try await base.deleteRelationships(keys)
    }

    public func recordInteractions(_ interactions: [Interaction]) async throws {
        try countWrite("recordInteractions")
        try await base.recordInteractions(interactions)
    }

    public func applySyncBatch(_ batch: GraphSyncBatch, checkpoint: SyncCheckpoint) async throws {
        try countWrite("applySyncBatch")
        try await base.applySyncBatch(batch, checkpoint: checkpoint)
    }

    // MARK: - Reads

    public func nodes(_ keys: [NodeKey]) async throws -> [Node] {
        try await base.nodes(keys)
    }

    public func scanNodes(labels: Set<NodeLabel>, after: NodeKey?, limit: Int) async throws -> [Node] {
        try await base.scanNodes(labels: labels, after: after, limit: limit)
    }

    public func orphanNodes(
        labels: Set<NodeLabel>,
        createdBefore: Date,
        after: NodeKey?,
        limit: Int
    ) async throws -> [NodeKey] {
        try await base.orphanNodes(labels: labels, createdBefore: createdBefore, after: after, limit: limit)
    }

    public func searchNodes(text: String, labels: Set<NodeLabel>, limit: Int) async throws -> [Node] {
        try await base.searchNodes(text: text, labels: labels, limit: limit)
    }

    public func relationships(_ keys: [RelationshipKey]) async throws -> [Relationship] {
        try await base.relationships(keys)
    }

    public func staleRelationships(
        updatedBefore: Date,
        after: RelationshipKey?,
        limit: Int
    ) async throws -> [Relationship] {
        try await base.staleRelationships(updatedBefore: updatedBefore, after: after, limit: limit)
    }

    public func relationships(touching nodes: [NodeKey], minimumWeight: Double) async throws -> [Relationship] {
        try await base.relationships(touching: nodes, minimumWeight: minimumWeight)
    }

    public func weakRelationships(
        weightBelow: Double,
        updatedBefore: Date,
        after: RelationshipKey?,
        limit: Int
    ) async throws -> [RelationshipKey] {
        try await base.weakRelationships(
            weightBelow: weightBelow, updatedBefore: updatedBefore, after: after, limit: limit)
    }

    public func interactionCounts(_ windows: [InteractionWindow]) async throws -> [InteractionTally] {
        try await base.interactionCounts(windows)
    }

    public func activeUsers(since: Date, after: NodeKey?, limit: Int) async throws -> [NodeKey] {
        try await base.activeUsers(since: since, after: after, limit: limit)
    }

    public func ownedItems(by users: [NodeKey], labels: Set<NodeLabel>) async throws -> [NodeKey: [OwnedItem]] {
        try await base.ownedItems(by: users, labels: labels)
    }

    public func itemsCreated(
        from start: Date,
        to end: Date,
        labels: Set<NodeLabel>,
        after: NodeKey?,
        limit: Int
    ) async throws -> [OwnedItem] {
        try await base.itemsCreated(from: start, to: end, labels: labels, after: after, limit: limit)
    }

    public func digest(label: NodeLabel, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest {
        try await base.digest(label: label, ids: ids)
    }

    public func counts() async throws -> GraphCounts {
        try await base.counts()
    }

    public func checkpoint(named name: String) async throws -> SyncCheckpoint? {
        try await base.checkpoint(named: name)
    }
}
