import Foundation

extension CacheJob.Run {
    /// D4: pages recently active users and caches each one's bounded k-hop neighbourhood under
    /// `user:<userID>:graph`, owned by the user.
    func warmUserGraphs(in context: JobContext, tally: StepTally) async throws {
        let batchSize = context.options.batchSize
        let since = now.addingTimeInterval(
            -TimeInterval(max(0, configuration.activeUserWindowSeconds)))
        let writer = CacheEntryWriter(context: context, tally: tally)
        var after: NodeKey?
        var warmed = 0
        while true {
            try context.checkCancellation()
            let users = try await context.graph.activeUsers(
                since: since, after: after, limit: batchSize)
            guard let last = users.last else { break }

            let neighbourhoods = try await neighbourhoods(of: users, in: context)
            let entries = try neighbourhoods.map { neighbourhood in
                tally.add("graph.nodes", neighbourhood.nodes.count)
                tally.add("graph.edges", neighbourhood.edges.count)
                if neighbourhood.truncated { tally.add("graphs.truncated") }
                let snapshot = UserGraphSnapshot(neighbourhood, generatedAt: now)
                return try CacheEntryWriter.entry(
                    CacheKeys.userGraph(neighbourhood.center), snapshot,
                    ttlSeconds: configuration.userGraphTTLSeconds,
                    user: neighbourhood.center)
            }
            try await writer.write(entries)

            warmed += users.count
            tally.add("users.warmed", users.count)
            context.progress(step: CacheJob.Step.userGraphs, completed: warmed)
            after = last
            if users.count < batchSize { break }
        }
    }

    /// Grows the neighbourhoods of a page of users together: each hop reads the relationships
    /// of the union of their frontiers, so a hop costs one store round per batch of nodes.
    private func neighbourhoods(
        of users: [NodeKey],
        in context: JobContext
    ) async throws -> [Neighbourhood] {
        var neighbourhoods = users.map {
            Neighbourhood(center: $0, maximumNodes: configuration.maximumGraphNodes)
        }
        for _ in 0..<max(0, configuration.graphHops) {
            let frontier = Set(neighbourhoods.flatMap(\.frontier)).sorted()
            guard !frontier.isEmpty else { break }

            let index = try await AdjacencyReader.touching(
                frontier, minimumWeight: configuration.graphMinimumWeight,
                batchSize: context.options.batchSize,
                in: context)
            let adjacency = Neighbourhood.Adjacency(index)
            for position in neighbourhoods.indices {
                neighbourhoods[position].expand(with: adjacency)
            }
        }
        return neighbourhoods
    }
}
