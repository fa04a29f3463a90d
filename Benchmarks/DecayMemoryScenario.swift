import Foundation
import Upkeep

/// The relationships job over an ``InMemoryGraphStore``, against the seed's per-edge loop.
///
/// Setup (untimed): 1,000,000 edges and 3,000,000 interactions (times `--scale`) loaded through
/// the store's batch methods. Each repetition first puts every edge back to its original state
/// with `writeWeights` (untimed), then times the job over all edges, then times the seed
/// baseline over the first ``SeedBaseline/defaultSample`` edges (the baseline's work does not
/// depend on the weights the job left behind). The store is a ``WeightPassStore``, so the job
/// computes the weights inside it, one ``InMemoryGraphStore/updateWeights(_:after:limit:)`` call
/// per batch.
struct DecayMemoryScenario: BenchmarkScenario {
    let name = "decay-memory"
    let summary = "relationships job on the in-memory graph vs the seed's per-edge loop"

    func run(options: BenchmarkOptions) async throws -> BenchmarkResult {
        let clock = BenchmarkClock()
        let workload = DecayWorkload(scale: options.scale, now: clock.now())
        let graph = InMemoryGraphStore()
        let loadSeconds = try await Measure.seconds {
            try await load(workload, into: graph)
            try await warmUp(graph, workload)
        }
        let runner = JobRunner(
            environment: JobEnvironment(
                graph: graph, records: InMemoryRecordStore(), cache: InMemoryCacheStore(clock: clock),
                ledger: InMemoryRunLedger(), clock: clock))
        let sample = min(SeedBaseline.defaultSample, workload.edgeCount)

        var measurement = DecayMeasurement(edgeCount: workload.edgeCount)
        for _ in 0..<max(1, options.repetitions) {
            try await reset(graph, workload)
            try await measurement.timeJob(runner)
            try await measurement.timeBaseline {
                try await SeedBaseline.run(on: graph, sample: sample, now: workload.now)
            }
        }

        return measurement.result(
            scenario: name,
            notes: [
                "\(workload.edgeCount) edges, \(workload.interactionCount) interactions, loaded in "
                    + String(format: "%.1f s (untimed)", loadSeconds),
                "the store's one-off keyset sort and timeline packing after the bulk load run in setup",
                "each repetition restores every edge's weight, updatedAt, boostedThrough and "
                    + "lastInteractionAt with writeWeights before the timed job (untimed)",
                "baseline: first \(sample) edges in key order, one interactionCounts([window]) and one "
                    + "writeWeights([write]) call per edge; rate extrapolated to all edges",
            ] + storeNotes(measurement))
    }

    /// The last run's time inside the store, which the stage times (the portable pipeline's)
    /// do not include; the rest of the job's time is its own per-batch work.
    private func storeNotes(_ measurement: DecayMeasurement) -> [String] {
        guard let step = measurement.lastReport?.step(RelationshipsJob.Step.updateWeights) else { return [] }
        let seconds = Double(step.counts["time.store.us"] ?? 0) / 1e6
        let calls = step.counts["batches"] ?? 0
        return [String(format: "last job run: %.3f s inside %d updateWeights calls", seconds, calls)]
    }

    // MARK: - Data

    /// Loads nodes, edges and interactions in batches through the store's own methods.
    private func load(_ workload: DecayWorkload, into graph: InMemoryGraphStore) async throws {
        try await loadNodes(workload, into: graph)
        for batch in DecayWorkload.batches(of: workload.edgeCount) {
            try await graph.upsertRelationships(batch.map(workload.edge))
        }
        for batch in DecayWorkload.batches(of: workload.interactionCount) {
            try await graph.recordInteractions(batch.map(workload.interaction))
        }
    }

    private func loadNodes(_ workload: DecayWorkload, into graph: InMemoryGraphStore) async throws {
        let created = workload.now.addingTimeInterval(-500 * 86_400)
        let groups: [(NodeLabel, Int)] = [
            (.user, workload.userCount), (.tag, workload.tagCount), (.note, workload.noteCount),
        ]
        for (label, count) in groups {
            for batch in DecayWorkload.batches(of: count) {
                try await graph.upsertNodes(batch.map { Node(key: NodeKey(label, Int64($0)), createdAt: created) })
            }
        }
    }

    /// Runs one read of each kind the job makes, so the store's one-off work after a bulk load
    /// (sorting the keyset index, packing interaction timelines) is paid in setup, not in the
    /// first repetition.
    private func warmUp(_ graph: InMemoryGraphStore, _ workload: DecayWorkload) async throws {
        let page = try await graph.staleRelationships(updatedBefore: workload.now, after: nil, limit: 1)
        let windows = page.map { InteractionWindow(target: $0.key.to, after: nil, through: workload.now) }
        _ = try await graph.interactionCounts(windows)
    }

    /// Puts every edge back to the state ``DecayWorkload/edge(_:)`` describes.
    private func reset(_ graph: InMemoryGraphStore, _ workload: DecayWorkload) async throws {
        for batch in DecayWorkload.batches(of: workload.edgeCount) {
            _ = try await graph.writeWeights(batch.map(workload.originalWrite))
        }
    }
}
