import Foundation

extension StatisticsJob.Run {
    /// E2: yesterday's daily statistics in the configured zone, cached under `stats:daily:<date>`.
    func generateUsageStatistics(in context: JobContext, tally: StepTally) async throws {
        let day = CalendarDay(containing: now, in: zone).adding(days: -1)
        let interval = day.interval(in: zone)
        let batchSize = context.options.batchSize
        var accumulator = DailyStatistics.Accumulator(date: day, timeZone: zone)
        var after: NodeKey?
        var read = 0
        while true {
            try context.checkCancellation()
            let items = try await context.graph.itemsCreated(
                from: interval.lowerBound, to: interval.upperBound, labels: configuration.itemLabels,
                after: after, limit: batchSize)
            guard let last = items.last else { break }

            accumulator.add(items)
            read += items.count
            context.progress(step: StatisticsJob.Step.usageStatistics, completed: read)
            after = last.key
            if items.count < batchSize { break }
        }

        let statistics = accumulator.statistics
        tally.add("items.counted", statistics.totalItems)
        tally.add("users.active", statistics.totalUsers)
        tally.note("\(CacheKeys.dailyStatistics(day)): \(statistics.totalUsers) users, \(statistics.totalItems) items")
        let entry = try CacheEntryWriter.entry(
            CacheKeys.dailyStatistics(day), statistics, ttlSeconds: configuration.dailyStatisticsTTLSeconds)
        try await CacheEntryWriter(context: context, tally: tally).write([entry])
    }
}
