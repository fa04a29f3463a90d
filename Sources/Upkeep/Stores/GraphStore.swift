import Foundation

/// The knowledge graph: nodes, weighted relationships and user interactions.
///
/// Every method takes or returns a batch, so a network backend answers a whole batch in one round
/// trip. Scans are keyset-paged: pass the last key of the previous page as `after` and get the
/// next `limit` items in key order, never an offset. Implementations must be safe to call
/// concurrently and keep times to millisecond precision.
public protocol GraphStore: Sendable {
    // MARK: - Nodes

    /// Creates or replaces nodes, keyed by ``Node/key``; properties are replaced as a whole.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` when a label is not a valid identifier.
    func upsertNodes(_ nodes: [Node]) async throws

    /// The nodes with the given keys that exist, in key order.
    func nodes(_ keys: [NodeKey]) async throws -> [Node]

    /// A page of nodes with one of `labels`, in key order, starting after `after`.
    func scanNodes(labels: Set<NodeLabel>, after: NodeKey?, limit: Int) async throws -> [Node]

    /// Deletes nodes and every relationship that touches them; returns how many nodes existed.
    func deleteNodes(_ keys: [NodeKey]) async throws -> Int

    /// A page of nodes with one of `labels`, created before `createdBefore`, that have no
    /// relationship at all, in key order after `after`.
    func orphanNodes(labels: Set<NodeLabel>, createdBefore: Date, after: NodeKey?, limit: Int) async throws -> [NodeKey]

    /// Nodes with one of `labels` whose `title` property contains `text`, ignoring case, at most
    /// `limit` of them in key order.
    func searchNodes(text: String, labels: Set<NodeLabel>, limit: Int) async throws -> [Node]

    // MARK: - Relationships

    /// Creates relationships that do not exist and updates the properties of those that do.
    ///
    /// On an existing relationship the weight, `updatedAt`, `lastInteractionAt` and
    /// `boostedThrough` are left alone: they belong to the relationships job. Both endpoints must
    /// exist.
    ///
    /// - Throws: ``StoreError`` with code `notFound` naming the first missing endpoint.
    func upsertRelationships(_ relationships: [Relationship]) async throws

    /// The relationships with the given keys that exist, in key order.
    func relationships(_ keys: [RelationshipKey]) async throws -> [Relationship]

    /// A page of relationships whose weight was last written before `updatedBefore`, in key
    /// order after `after`.
    func staleRelationships(updatedBefore: Date, after: RelationshipKey?, limit: Int) async throws -> [Relationship]

    /// Relationships that start or end at any of `nodes`, with weight at least `minimumWeight`.
    func relationships(touching nodes: [NodeKey], minimumWeight: Double) async throws -> [Relationship]

    /// Writes new weights in one batch; writes for relationships that no longer exist are
    /// ignored. Returns how many relationships were updated.
    func writeWeights(_ writes: [WeightWrite]) async throws -> Int

    /// A page of relationships with weight below `weightBelow` that have been inactive since
    /// `inactiveSince`, in key order after `after`.
    ///
    /// A relationship's last activity is its latest interaction (``Relationship/lastInteractionAt``)
    /// or, when it has none, its creation. The weight's last write does not count: decay rewrites
    /// every weight on every run, so it says nothing about whether anyone still uses the edge.
    func weakRelationships(
        weightBelow: Double,
        inactiveSince: Date,
        after: RelationshipKey?,
        limit: Int
    ) async throws -> [RelationshipKey]

    /// Deletes relationships; returns how many existed.
    func deleteRelationships(_ keys: [RelationshipKey]) async throws -> Int

    // MARK: - Interactions

    /// Records interactions; an id already recorded is ignored.
    func recordInteractions(_ interactions: [Interaction]) async throws

    /// Counts interactions per window, one tally per window in the same order.
    func interactionCounts(_ windows: [InteractionWindow]) async throws -> [InteractionTally]

    /// The users with at least one interaction after `since`, in key order after `after`.
    func activeUsers(since: Date, after: NodeKey?, limit: Int) async throws -> [NodeKey]

    // MARK: - Statistics and consistency

    /// Creation times of the items (nodes with one of `labels`) owned by each user, for users
    /// that own any. Owned means the node's `owner` property names the user.
    func ownedItems(by users: [NodeKey], labels: Set<NodeLabel>) async throws -> [NodeKey: [OwnedItem]]

    /// Items with one of `labels` created in `[start, end)`, in key order after `after`.
    func itemsCreated(
        from start: Date,
        to end: Date,
        labels: Set<NodeLabel>,
        after: NodeKey?,
        limit: Int
    ) async throws -> [OwnedItem]

    /// Count and checksum of `(id, updatedAt)` over nodes of `label` whose id is an integer in
    /// `ids`; placeholder nodes are left out.
    func digest(label: NodeLabel, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest

    /// How many nodes and relationships the graph holds.
    func counts() async throws -> GraphCounts

    // MARK: - Sync

    /// Applies a sync batch and stores `checkpoint` atomically: after a crash either both are
    /// visible or neither is.
    func applySyncBatch(_ batch: GraphSyncBatch, checkpoint: SyncCheckpoint) async throws

    /// The checkpoint last stored under `name`, or `nil` before the first sync.
    func checkpoint(named name: String) async throws -> SyncCheckpoint?
}

/// An item owned by a user, as seen by the statistics job.
public struct OwnedItem: Hashable, Sendable {
    /// The item's key.
    public var key: NodeKey
    /// The owner's key, if the item has one.
    public var owner: NodeKey?
    /// When the item was created.
    public var createdAt: Date

    /// Creates an owned item.
    public init(key: NodeKey, owner: NodeKey?, createdAt: Date) {
        self.key = key
        self.owner = owner
        self.createdAt = createdAt
    }
}

/// How many nodes and relationships a graph holds.
public struct GraphCounts: Hashable, Sendable, Codable {
    /// Nodes per label.
    public var nodesByLabel: [NodeLabel: Int]
    /// All relationships.
    public var relationships: Int

    /// Creates counts.
    public init(nodesByLabel: [NodeLabel: Int], relationships: Int) {
        self.nodesByLabel = nodesByLabel
        self.relationships = relationships
    }

    /// All nodes.
    public var nodes: Int { nodesByLabel.values.reduce(0, +) }
}

/// The graph writes produced by one page of source rows.
///
/// Stores apply the parts in this order: upsert nodes, delete nodes, upsert relationships,
/// delete relationships.
public struct GraphSyncBatch: Hashable, Sendable {
    /// Nodes to create or replace, including placeholder owners.
    public var upsertNodes: [Node]
    /// Nodes to delete together with their relationships.
    public var deleteNodes: [NodeKey]
    /// Relationships to create (existing ones keep their weight).
    public var upsertRelationships: [Relationship]
    /// Relationships to delete, such as a tag link that was removed from a note.
    public var deleteRelationships: [RelationshipKey]

    /// Creates a batch.
    public init(
        upsertNodes: [Node] = [],
        deleteNodes: [NodeKey] = [],
        upsertRelationships: [Relationship] = [],
        deleteRelationships: [RelationshipKey] = []
    ) {
        self.upsertNodes = upsertNodes
        self.deleteNodes = deleteNodes
        self.upsertRelationships = upsertRelationships
        self.deleteRelationships = deleteRelationships
    }

    /// Whether the batch writes nothing.
    public var isEmpty: Bool {
        upsertNodes.isEmpty && deleteNodes.isEmpty && upsertRelationships.isEmpty && deleteRelationships.isEmpty
    }
}

/// The sync job's position: one cursor per record kind, stored in the graph with the batch.
public struct SyncCheckpoint: Hashable, Sendable, Codable {
    /// The last row consumed per kind.
    public var cursors: [RecordKind: SyncCursor]
    /// Where the rotating consistency check's next slice of ids starts, per kind; a kind with no
    /// entry starts at the beginning of its range.
    public var sliceStarts: [RecordKind: Int64]

    /// Creates a checkpoint.
    public init(cursors: [RecordKind: SyncCursor] = [:], sliceStarts: [RecordKind: Int64] = [:]) {
        self.cursors = cursors
        self.sliceStarts = sliceStarts
    }

    private enum CodingKeys: String, CodingKey {
        case cursors, sliceStarts
    }

    /// Decodes a checkpoint; one written before slice starts existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cursors = try container.decode([RecordKind: SyncCursor].self, forKey: .cursors)
        sliceStarts = try container.decode(.sliceStarts, default: [:])
    }
}
