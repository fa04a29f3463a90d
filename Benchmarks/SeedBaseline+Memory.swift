import Foundation
import Upkeep

extension SeedBaseline {
    /// Runs the seed's per-edge loop over the first `sample` edges of an in-memory graph.
    ///
    /// Each edge costs one `interactionCounts` call with a one-window batch and one
    /// `writeWeights` call with a one-write batch, the in-memory equivalent of the seed's two
    /// queries per edge. Reading the edges is part of the measured work, as in the seed.
    ///
    /// - Returns: How many edges were updated.
    static func run(on graph: any GraphStore, sample: Int, now: Date) async throws -> Int {
        let edges = try await graph.staleRelationships(
            updatedBefore: now.addingTimeInterval(86_400), after: nil, limit: sample)
        let start = windowStart(now: now)

        var updated = 0
        for edge in edges {
            let window = InteractionWindow(target: edge.key.to, after: start, through: now)
            let tally = try await graph.interactionCounts([window])[0]
            let weight = weight(
                stored: edge.weight, createdAt: edge.createdAt.epochMilliseconds, interactions: tally.count,
                now: now)
            updated += try await graph.writeWeights([WeightWrite(key: edge.key, weight: weight, updatedAt: now)])
        }
        return updated
    }
}
