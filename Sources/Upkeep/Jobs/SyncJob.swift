import Foundation

/// Mirrors changed source rows into the graph, then checks that the two agree.
///
/// The seed's steps C2–C4 (detect changes, create or update nodes, rebuild relationships) are
/// pipelined per page, so a page is read, planned and written before the next is read and memory
/// stays bounded by the batch size. They run as one step per record kind, in
/// ``RecordKind/synced`` order so owners and tags usually arrive before the items that point at
/// them, followed by C5:
///
/// - `sync-users`, `sync-tags`, `sync-notes`, `sync-events` (C2–C4 for one kind) count
///   `rows.read` (re-read overlap rows included), `batches.applied`, `nodes.upserted`,
///   `nodes.archived` (of those upserted), `nodes.deleted`, `placeholders.created`,
///   `edges.created` and `edges.removed`.
/// - `verify-consistency` (C5: digests, bisection, row comparison, repair) counts
///   `digest.calls`, `ids.compared`, `drift.found` (split into `drift.missing`, `drift.extra`
///   and `drift.stale`), `drift.repaired` and `drift.truncated`, and notes each drifted id.
///   With the default rotating scope it also counts `slice.ids` (ids within the source's bounds
///   checked this run) and `slice.cycles.completed` (kinds whose last slice this was; a kind
///   without rows completes its cycle on every run).
///
/// The check's cost: the default ``ConsistencyScope/rotating`` scope checks a bounded slice of
/// each kind's id space per run, ``Configuration/consistencySliceSize`` ids, and moves on to
/// the next slice on the next run, so a run costs O(slice) whatever the table's size and
/// successive runs cover the whole table; drift is found within one cycle. The
/// ``ConsistencyScope/full`` scope checks every id on every run, O(table).
///
/// Each page's writes and the advanced cursor go to the graph in one
/// ``GraphStore/applySyncBatch(_:checkpoint:)`` call, so a run that dies between pages resumes
/// after the last page it applied, losing and repeating nothing. Each run starts reading
/// ``Configuration/overlapSeconds`` before the stored cursor to catch late commits; the stored
/// cursor itself never moves backwards. Two sync runs against one graph must not overlap; the
/// scheduler's lease ensures that.
///
/// A dry run reads and plans every page and counts what it would do, but writes nothing, not even
/// the checkpoint. Its counts are an upper bound: every page is planned against the graph as it
/// was before the run, so a placeholder a real node would have replaced is counted again.
public struct SyncJob: Job {
    /// The consistency step's name.
    public static let verifyStep = "verify-consistency"

    /// The name the checkpoint is read under: `sync`.
    ///
    /// ``GraphStore/applySyncBatch(_:checkpoint:)`` takes no name, and stores write the
    /// checkpoint under `sync`, so the name cannot be configured; a second, independent sync into
    /// the same graph would need a name parameter on that method.
    public static let checkpointName = JobName.sync.rawValue

    /// The job's name, `sync`.
    public let name: JobName = .sync
    /// How the job runs.
    public var configuration: Configuration
    /// Turns pages of rows into graph writes.
    public var planner: SyncPlanner

    /// Creates the job.
    public init(configuration: Configuration = Configuration(), planner: SyncPlanner = SyncPlanner()) {
        self.configuration = configuration
        self.planner = planner
    }

    /// The name of the step that syncs `kind`, such as `sync-notes`.
    public static func stepName(for kind: RecordKind) -> String {
        "sync-\(kind.rawValue)s"
    }

    /// Syncs every kind, then checks consistency unless the configuration turns it off.
    ///
    /// - Throws: The first ``StoreError`` a store raises, or `CancellationError` when the run is
    ///   cancelled between pages. Pages applied before the error stay applied, with their cursor.
    public func run(in context: JobContext) async throws {
        let stored = try await context.graph.checkpoint(named: Self.checkpointName)
        var checkpoint = stored ?? SyncCheckpoint()
        for kind in RecordKind.synced {
            try context.checkCancellation()
            checkpoint = try await context.step(Self.stepName(for: kind)) { tally in
                try await syncChanges(of: kind, from: checkpoint, in: context, tally: tally)
            }
        }

        guard configuration.verifiesConsistency else {
            context.skipStep(Self.verifyStep, reason: "turned off by verifiesConsistency")
            return
        }
        try context.checkCancellation()
        try await context.step(Self.verifyStep) { tally in
            try await verifyConsistency(checkpoint: checkpoint, in: context, tally: tally)
        }
    }

    // MARK: - Shared by both halves

    /// Fetches the facts a page needs and plans it.
    ///
    /// The graph is asked for the page's endpoint nodes and its items' relationships, two calls
    /// made concurrently. Only when an owner or tag is missing from the graph is the record store
    /// asked whether its row was deleted, one call per missing kind.
    ///
    /// A NaN weight compares false with every bound, so an edge holding one is not among the
    /// facts: re-creating it is harmless (an upsert keeps an existing edge's weight), but if it no
    /// longer holds it stays until the relationships job has sanitised its weight.
    func plan(
        _ rows: [Record],
        graph: any GraphStore,
        source: any RecordStore
    ) async throws -> SyncPlanner.Plan {
        let lookupKeys = planner.lookupKeys(for: rows)
        let items = planner.linkedItems(in: rows)
        async let nodes = lookupKeys.isEmpty ? [] : graph.nodes(lookupKeys)
        async let relationships =
            items.isEmpty ? [] : graph.relationships(touching: items, minimumWeight: -.infinity)
        var facts = SyncPlanner.Facts(nodes: try await nodes, relationships: try await relationships)

        let missing = planner.missingEndpoints(in: rows, existingKeys: facts.existingKeys)
        facts.deletedEndpoints = try await deletedRows(among: missing, in: source)
        return planner.plan(rows, facts: facts)
    }

    /// The keys among `keys` whose source row exists and is deleted.
    private func deletedRows(
        among keys: [NodeKey],
        in source: any RecordStore
    ) async throws -> Set<NodeKey> {
        let byLabel = Dictionary(grouping: keys, by: \.label)
        var deleted = Set<NodeKey>()
        for kind in RecordKind.synced {
            let ids = (byLabel[kind.nodeLabel] ?? []).compactMap { Int64($0.id) }
            guard !ids.isEmpty else { continue }
            let rows = try await source.records(kind: kind, ids: ids)
            deleted.formUnion(rows.lazy.filter { $0.status == .deleted }.map(\.nodeKey))
        }
        return deleted
    }
}

extension SyncPlanner.Summary {
    /// Adds the counts to a step's tally under the sync job's count names.
    func record(in tally: StepTally) {
        tally.add("nodes.upserted", nodesUpserted)
        tally.add("nodes.archived", nodesArchived)
        tally.add("nodes.deleted", nodesDeleted)
        tally.add("placeholders.created", placeholdersCreated)
        tally.add("edges.created", edgesCreated)
        tally.add("edges.removed", edgesRemoved)
    }
}
