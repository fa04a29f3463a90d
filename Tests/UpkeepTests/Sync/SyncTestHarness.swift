import Foundation
import Synchronization
import UpkeepTesting

@testable import Upkeep

/// In-memory stores, a manual clock and a runner for the sync job's store-backed tests.
struct SyncTestHarness {
    let clock: ManualClock
    let graph: any GraphStore
    let records: InMemoryRecordStore
    let ledger: InMemoryRunLedger
    let runner: JobRunner

    /// Creates a harness over `graph`, a fresh in-memory graph by default.
    init(graph: (any GraphStore)? = nil, clock: ManualClock = ManualClock()) {
        let records = InMemoryRecordStore()
        let ledger = InMemoryRunLedger()
        let graph = graph ?? InMemoryGraphStore()
        self.clock = clock
        self.graph = graph
        self.records = records
        self.ledger = ledger
        runner = JobRunner(
            environment: JobEnvironment(
                graph: graph, records: records, cache: InMemoryCacheStore(clock: clock), ledger: ledger, clock: clock))
    }

    /// Runs the sync job once and returns its report.
    func sync(
        _ configuration: SyncJob.Configuration = SyncJob.Configuration(),
        batchSize: Int = 1_000,
        dryRun: Bool = false,
        progress: ProgressHandler? = nil
    ) async -> JobReport {
        let options = JobOptions(batchSize: batchSize, dryRun: dryRun)
        return await runner.run(SyncJob(configuration: configuration), options: options, progress: progress)
    }

    /// Every node of the four synced labels and every relationship touching them.
    func snapshot() async throws -> GraphSnapshot {
        try await GraphSnapshot.of(graph)
    }
}

/// The whole content of a small graph, for comparing two graphs.
struct GraphSnapshot: Equatable {
    var nodes: [NodeKey: Node]
    var relationships: [RelationshipKey: Relationship]

    static func of(_ graph: any GraphStore) async throws -> GraphSnapshot {
        let labels = Set(RecordKind.synced.map(\.nodeLabel))
        var nodes: [NodeKey: Node] = [:]
        var after: NodeKey?
        while true {
            let page = try await graph.scanNodes(labels: labels, after: after, limit: 500)
            for node in page { nodes[node.key] = node }
            guard page.count == 500 else { break }
            after = page.last?.key
        }

        let touching = try await graph.relationships(touching: Array(nodes.keys), minimumWeight: -.infinity)
        let relationships = Dictionary(touching.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        return GraphSnapshot(nodes: nodes, relationships: relationships)
    }
}

extension JobReport {
    /// The count `name` of step `step`, 0 when the step or the count is absent.
    func syncJobCount(_ name: String, in step: String) -> Int {
        self.step(step)?.counts[name] ?? 0
    }

    /// The count `name` summed over the four per-kind sync steps.
    func syncJobTotal(_ name: String) -> Int {
        RecordKind.synced.reduce(0) { $0 + syncJobCount(name, in: SyncJob.stepName(for: $1)) }
    }
}
