extension SyncPlanner {
    /// What the planner knows about the graph before a page: the inputs it may not fetch itself.
    public struct Facts: Hashable, Sendable {
        /// Keys of the nodes, real or placeholder, that exist among the page's lookup keys.
        public var existingKeys: Set<NodeKey>
        /// The relationships touching the page's live linked items.
        public var relationships: [Relationship]
        /// Endpoints among ``SyncPlanner/missingEndpoints(in:existingKeys:)`` whose source row
        /// is deleted: they get neither a placeholder nor an edge, just as if the deleted row
        /// had removed its node and edges before the page.
        public var deletedEndpoints: Set<NodeKey>

        /// Creates facts from existing node keys, relationships and deleted endpoints.
        public init(
            existingKeys: Set<NodeKey> = [],
            relationships: [Relationship] = [],
            deletedEndpoints: Set<NodeKey> = []
        ) {
            self.existingKeys = existingKeys
            self.relationships = relationships
            self.deletedEndpoints = deletedEndpoints
        }

        /// Creates facts from the answers of ``GraphStore/nodes(_:)`` and
        /// ``GraphStore/relationships(touching:minimumWeight:)``.
        public init(nodes: [Node], relationships: [Relationship], deletedEndpoints: Set<NodeKey> = []) {
            self.init(
                existingKeys: Set(nodes.map(\.key)), relationships: relationships,
                deletedEndpoints: deletedEndpoints)
        }
    }

    /// The graph writes for one page and a summary of them.
    public struct Plan: Hashable, Sendable {
        /// The writes, ready for ``GraphStore/applySyncBatch(_:checkpoint:)``.
        public var batch: GraphSyncBatch
        /// What the writes do, for the job report.
        public var summary: Summary

        /// Creates a plan.
        public init(batch: GraphSyncBatch = GraphSyncBatch(), summary: Summary = Summary()) {
            self.batch = batch
            self.summary = summary
        }
    }

    /// Counts of what a plan does.
    public struct Summary: Hashable, Sendable {
        /// Real nodes created or replaced: active and archived rows.
        public var nodesUpserted = 0
        /// Of ``nodesUpserted``, those whose row is archived.
        public var nodesArchived = 0
        /// Nodes of deleted rows that existed and are removed.
        public var nodesDeleted = 0
        /// Placeholder owner and tag nodes created.
        public var placeholdersCreated = 0
        /// `CREATED` and `TAGGED_WITH` edges that did not exist and are created.
        public var edgesCreated = 0
        /// `CREATED` and `TAGGED_WITH` edges that no longer hold and are deleted.
        public var edgesRemoved = 0

        /// Creates a summary.
        public init() {}

        /// Adds another summary's counts to this one.
        public mutating func add(_ other: Summary) {
            nodesUpserted += other.nodesUpserted
            nodesArchived += other.nodesArchived
            nodesDeleted += other.nodesDeleted
            placeholdersCreated += other.placeholdersCreated
            edgesCreated += other.edgesCreated
            edgesRemoved += other.edgesRemoved
        }
    }
}
