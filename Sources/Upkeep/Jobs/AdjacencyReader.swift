/// Relationships grouped by endpoint, for walking a graph a hop at a time.
enum AdjacencyReader {
    /// The relationships touching each node of `nodes`, each listed once per node.
    ///
    /// Reads `relationships(touching:minimumWeight:)` in batches of `batchSize` nodes, so a
    /// relationship joining nodes of two batches is returned twice and is indexed under each
    /// end only by the batch that asked for that end.
    ///
    /// - Throws: whatever the graph store throws, or `CancellationError` between batches.
    static func touching(
        _ nodes: [NodeKey],
        minimumWeight: Double,
        batchSize: Int,
        in context: JobContext
    ) async throws -> [NodeKey: [Relationship]] {
        var index: [NodeKey: [Relationship]] = [:]
        for start in stride(from: 0, to: nodes.count, by: max(1, batchSize)) {
            try context.checkCancellation()
            let batch = Array(nodes[start..<min(start + batchSize, nodes.count)])
            let asked = Set(batch)
            let found = try await context.graph.relationships(
                touching: batch, minimumWeight: minimumWeight)
            for relationship in found {
                let ends = Set([relationship.key.from, relationship.key.to]).intersection(asked)
                ends.forEach { index[$0, default: []].append(relationship) }
            }
        }
        return index
    }
}
