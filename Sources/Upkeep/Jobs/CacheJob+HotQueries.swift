import Foundation

extension CacheJob.Run {
    /// D1: the most frequent queries of the window, by a bounded-memory top-K.
    ///
    /// The log is read oldest first by offset; queries stamped after the run's "now" were
    /// logged during the run and are left for the next one, which also ends the read.
    func identifyHotQueries(
        in context: JobContext,
        tally: StepTally
    ) async throws -> [HotQueries.Entry] {
        let batchSize = context.options.batchSize
        let since = now.addingTimeInterval(
            -TimeInterval(max(0, configuration.hotQueryWindowSeconds)))
        var summary = HotQueries(
            capacity: configuration.hotQueryCounters,
            maximumLength: configuration.maximumQueryLength)
        var offset = 0
        while true {
            try context.checkCancellation()
            let page = try await context.records.searchQueries(
                since: since, offset: offset, limit: batchSize)
            let current = page.prefix { $0.occurredAt <= now }
            current.forEach { summary.add($0.text) }

            offset += page.count
            tally.add("queries.read", current.count)
            context.progress(step: CacheJob.Step.hotQueries, completed: offset)
            if page.count < batchSize || current.count < page.count { break }
        }

        let hot = summary.top(configuration.hotQueryLimit).filter {
            $0.count >= configuration.minimumQueryCount
        }
        tally.add("queries.skipped", summary.skipped)
        tally.add("queries.hot", hot.count)
        return hot
    }

    /// D2: searches the graph for each hot query and caches the hits under `query:<text>`.
    ///
    /// The store has no batched search, so up to ``CacheJob/Configuration/searchConcurrency``
    /// searches of a batch run at once; the batch's entries are written in one call, in the
    /// order of the hot queries.
    func preloadResults(
        of hot: [HotQueries.Entry],
        in context: JobContext,
        tally: StepTally
    ) async throws {
        let batchSize = context.options.batchSize
        let writer = CacheEntryWriter(context: context, tally: tally)
        for start in stride(from: 0, to: hot.count, by: batchSize) {
            try context.checkCancellation()
            let batch = Array(hot[start..<min(start + batchSize, hot.count)])
            let entries = try await preload(batch, in: context, tally: tally)
            try await writer.write(entries)
            context.progress(
                step: CacheJob.Step.preloadResults, completed: start + entries.count,
                total: hot.count)
        }
    }

    /// Searches for a batch of queries with bounded concurrency; returns their entries in order.
    private func preload(
        _ queries: [HotQueries.Entry],
        in context: JobContext,
        tally: StepTally
    ) async throws -> [CacheEntry] {
        try await withThrowingTaskGroup(of: (Int, CacheEntry).self) { group in
            var entries = [CacheEntry?](repeating: nil, count: queries.count)
            var launched = 0
            func launchNext() {
                let index = launched
                launched += 1
                group.addTask {
                    (index, try await preload(queries[index], in: context, tally: tally))
                }
            }

            while launched < min(queries.count, max(1, configuration.searchConcurrency)) {
                launchNext()
            }
            while let (index, entry) = try await group.next() {
                entries[index] = entry
                if launched < queries.count { launchNext() }
            }
            return entries.compactMap { $0 }
        }
    }

    /// Searches the graph for one hot query; returns its cache entry.
    private func preload(
        _ query: HotQueries.Entry,
        in context: JobContext,
        tally: StepTally
    ) async throws -> CacheEntry {
        let nodes = try await context.graph.searchNodes(
            text: query.text, labels: configuration.searchLabels,
            limit: max(1, configuration.resultsPerQuery))
        tally.add("queries.preloaded")
        tally.add("results.cached", nodes.count)
        if nodes.isEmpty { tally.add("queries.withoutResults") }

        let result = CachedSearchResult(
            query: query.text, frequency: query.count, hits: nodes.map(CachedSearchResult.Hit.init),
            cachedAt: now)
        return try CacheEntryWriter.entry(
            CacheKeys.query(query.text), result, ttlSeconds: configuration.queryTTLSeconds)
    }
}
