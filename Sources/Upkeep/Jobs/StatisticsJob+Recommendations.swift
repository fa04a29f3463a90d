import Foundation

extension StatisticsJob.Run {
    /// E4: ranks two-hop neighbours for each user and caches them under
    /// `recommendations:<userID>`, owned by the user.
    ///
    /// Per page of users: one round of `relationships(touching:)` for the users, one for the
    /// union of their neighbours (in pages of the batch size), then ``Recommendations`` per user.
    func generateRecommendations(
        for users: [NodeKey],
        in context: JobContext,
        tally: StepTally
    ) async throws {
        let batchSize = context.options.batchSize
        let writer = CacheEntryWriter(context: context, tally: tally)
        for start in stride(from: 0, to: users.count, by: batchSize) {
            try context.checkCancellation()
            let page = Array(users[start..<min(start + batchSize, users.count)])
            let entries = try await recommendations(for: page, in: context, tally: tally)
            try await writer.write(entries)
            context.progress(
                step: StatisticsJob.Step.recommendations, completed: start + page.count,
                total: users.count)
        }
    }

    /// The recommendation entries of one page of users.
    ///
    /// The users' own relationships are read at any weight, so a weak direct link still keeps
    /// its other end out of the candidates; only links of at least the minimum weight are walked.
    private func recommendations(
        for users: [NodeKey],
        in context: JobContext,
        tally: StepTally
    ) async throws -> [CacheEntry] {
        let minimumWeight = configuration.recommendationMinimumWeight
        let batchSize = context.options.batchSize
        let firstHop = try await AdjacencyReader.touching(
            users, minimumWeight: 0, batchSize: batchSize, in: context)
        let walked = users.flatMap { user in
            (firstHop[user] ?? []).filter { $0.weight >= minimumWeight }.map {
                other(than: user, in: $0)
            }
        }
        let secondHop = try await AdjacencyReader.touching(
            Set(walked).sorted(), minimumWeight: minimumWeight, batchSize: batchSize, in: context)
        tally.add("relationships.read", firstHop.values.reduce(0) { $0 + $1.count })
        tally.add("relationships.read", secondHop.values.reduce(0) { $0 + $1.count })

        return try users.map { user in
            let own = firstHop[user] ?? []
            let paths = own + own.flatMap { secondHop[other(than: user, in: $0)] ?? [] }
            return try entry(for: user, paths: paths, tally: tally)
        }
    }

    /// Ranks one user's candidates and builds their cache entry.
    private func entry(for user: NodeKey, paths: [Relationship], tally: StepTally) throws
        -> CacheEntry
    {
        let ranked = Recommendations.rank(
            for: user, relationships: paths, candidateLabels: configuration.recommendationLabels,
            minimumWeight: configuration.recommendationMinimumWeight,
            limit: configuration.recommendationLimit)
        tally.add("users.ranked")
        tally.add("recommendations.total", ranked.count)
        if !ranked.isEmpty { tally.add("users.withRecommendations") }

        let list = RecommendationList(user: user, candidates: ranked, generatedAt: now)
        return try CacheEntryWriter.entry(
            CacheKeys.recommendations(user), list,
            ttlSeconds: configuration.recommendationTTLSeconds, user: user)
    }

    private func other(than node: NodeKey, in relationship: Relationship) -> NodeKey {
        relationship.key.from == node ? relationship.key.to : relationship.key.from
    }
}
