import Foundation
import Upkeep
import UpkeepSQLite

/// Writes a source table and the graph a full sync of it leaves, without running the full sync.
///
/// A full sync reads rows in `(updatedAt, id)` order, which is random id order, so at 1,000,000
/// rows every node and edge write is a random B-tree descent in a file larger than the page
/// cache, and setting up took about 14 minutes. This builder writes the same rows through the
/// same store methods in id order instead: per load batch, ``SQLiteRecordStore/upsertRecords(_:)``
/// for the rows, then ``SyncPlanner/plan(_:facts:)`` (the sync job's own planner) against the
/// facts a sync would read, applied with ``SQLiteGraphStore/applySyncBatch(_:checkpoint:)``
/// together with the cursors a full sync ends with. Users and tags come first, as in a full
/// sync, so every owner and tag exists before the items that point at them.
///
/// ``verifyEquivalence(directory:clock:)`` builds a small table both ways and compares every
/// node, relationship and cursor, so the shortcut is checked on every benchmark run.
struct SyncTemplate {
    /// The table to write.
    let workload: SyncWorkload
    /// The planner the sync job uses by default.
    let planner = SyncPlanner()

    /// Writes the rows and their synced graph into a new database at `path` and closes it.
    ///
    /// - Throws: What the stores throw.
    func build(at path: String, clock: BenchmarkClock) async throws {
        try SQLiteFiles.remove(path)
        let database = try await SQLiteDatabase(path: path, clock: clock)
        var checkpoint = SyncCheckpoint()
        var endpoints = Set<NodeKey>()
        for (kind, _) in workload.counts {
            for batch in workload.batches(of: kind) {
                try await database.records.upsertRecords(batch)
                let existing = planner.lookupKeys(for: batch).filter(endpoints.contains)
                let plan = planner.plan(batch, facts: SyncPlanner.Facts(existingKeys: Set(existing)))

                let last = batch.lazy.map(SyncCursor.init(after:)).max()
                if let last { checkpoint.cursors[kind] = max(checkpoint.cursors[kind] ?? last, last) }
                try await database.graph.applySyncBatch(plan.batch, checkpoint: checkpoint)
                if !planner.linkedKinds.contains(kind) { endpoints.formUnion(batch.map(\.nodeKey)) }
            }
        }
        await database.close()
    }

    // MARK: - Checking the shortcut

    /// Builds a `rowCount`-row table with ``build(at:clock:)`` and with a full `SyncJob`, and
    /// compares the two graphs.
    ///
    /// - Throws: ``BenchmarkFailure`` naming the first difference: node, relationship or cursor.
    static func verifyEquivalence(rowCount: Int, directory: URL, clock: BenchmarkClock) async throws {
        let workload = SyncWorkload(rowCount: rowCount, now: clock.now())
        let direct = directory.appendingPathComponent("sync-check-direct.sqlite").path
        let synced = directory.appendingPathComponent("sync-check-synced.sqlite").path
        try await SyncTemplate(workload: workload).build(at: direct, clock: clock)
        try await workload.loadRecords(at: synced)

        let first = try await SQLiteDatabase(path: direct, clock: clock)
        let second = try await SQLiteDatabase(path: synced, clock: clock)
        let runner = JobRunner(
            environment: JobEnvironment(
                graph: second.graph, records: second.records, cache: second.cache, ledger: second.ledger,
                clock: clock))
        let report = await runner.run(SyncJob(configuration: .init(verifiesConsistency: false)))
        guard report.status == .succeeded else { throw BenchmarkFailure("reference full sync failed") }

        try await compare(first.graph, second.graph)
        await first.close()
        await second.close()
        try SQLiteFiles.remove(direct)
        try SQLiteFiles.remove(synced)
    }

    /// Compares every node, relationship and the sync checkpoint of two graphs.
    private static func compare(_ direct: SQLiteGraphStore, _ synced: SQLiteGraphStore) async throws {
        let labels = Set(RecordKind.synced.map(\.nodeLabel))
        let nodes = try await (allNodes(direct, labels: labels), allNodes(synced, labels: labels))
        guard nodes.0 == nodes.1 else {
            let difference = zip(nodes.0, nodes.1).first { $0 != $1 }.map { "\($0.0.key)" } ?? "node count"
            throw BenchmarkFailure("direct template differs from a full sync at \(difference)")
        }

        let edges = try await (allRelationships(direct), allRelationships(synced))
        guard edges.0 == edges.1 else {
            let difference = zip(edges.0, edges.1).first { $0 != $1 }.map { "\($0.0.key)" } ?? "edge count"
            throw BenchmarkFailure("direct template differs from a full sync at \(difference)")
        }

        let checkpoints = try await (direct.checkpoint(named: "sync"), synced.checkpoint(named: "sync"))
        guard checkpoints.0 == checkpoints.1 else {
            throw BenchmarkFailure("direct template's checkpoint differs from a full sync's")
        }
    }

    private static func allNodes(_ graph: SQLiteGraphStore, labels: Set<NodeLabel>) async throws -> [Node] {
        var nodes: [Node] = []
        while true {
            let page = try await graph.scanNodes(labels: labels, after: nodes.last?.key, limit: 5_000)
            nodes += page
            if page.count < 5_000 { return nodes }
        }
    }

    private static func allRelationships(_ graph: SQLiteGraphStore) async throws -> [Relationship] {
        var edges: [Relationship] = []
        while true {
            let page = try await graph.staleRelationships(
                updatedBefore: .distantFuture, after: edges.last?.key, limit: 5_000)
            edges += page
            if page.count < 5_000 { return edges }
        }
    }
}
