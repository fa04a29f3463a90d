import Foundation

extension StatisticsJob.Run {
    /// E2: the daily statistics of the last ``StatisticsJob/Configuration/dailyStatisticsDays``
    /// days before today in the configured zone, oldest first, each cached under
    /// `stats:daily:<date>`; counts are summed over the days.
    func generateUsageStatistics(in context: JobContext, tally: StepTally) async throws {
        let today = CalendarDay(containing: now, in: zone)
        var entries: [CacheEntry] = []
        let days = max(1, configuration.dailyStatisticsDays)
        for daysBack in stride(from: days, through: 1, by: -1) {
            let day = today.adding(days: -daysBack)
            let statistics = try await dailyStatistics(of: day, in: context)
            tally.add("days.computed")
            tally.add("items.counted", statistics.totalItems)
            tally.add("users.active", statistics.totalUsers)

            let key = CacheKeys.dailyStatistics(day)
            tally.note("\(key): \(statistics.totalUsers) users, \(statistics.totalItems) items")
            entries.append(
                try CacheEntryWriter.entry(
                    key, statistics, ttlSeconds: configuration.dailyStatisticsTTLSeconds))
        }
        try await CacheEntryWriter(context: context, tally: tally).write(entries)
    }

    /// Counts the items created on `day` from pages of `itemsCreated(from:to:)`.
    private func dailyStatistics(
        of day: CalendarDay,
        in context: JobContext
    ) async throws -> DailyStatistics {
        let interval = day.interval(in: zone)
        let batchSize = context.options.batchSize
        var accumulator = DailyStatistics.Accumulator(date: day, timeZone: zone)
        var after: NodeKey?
        var read = 0
        while true {
            try context.checkCancellation()
            let items = try await context.graph.itemsCreated(
                from: interval.lowerBound, to: interval.upperBound,
                labels: configuration.itemLabels, after: after, limit: batchSize)
            guard let last = items.last else { break }

            accumulator.add(items)
            read += items.count
            context.progress(step: StatisticsJob.Step.usageStatistics, completed: read)
            after = last.key
            if items.count < batchSize { break }
        }
        return accumulator.statistics
    }
}
