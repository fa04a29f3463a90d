import Foundation

extension StatisticsJob.Run {
    /// E3: scores every active item and caches one summary report under `stats:quality:<today>`.
    ///
    /// Items whose `status` property is `archived` or `deleted` are counted as inactive and not
    /// scored. Relationships are read with weight 0 or more, one call per page of items.
    func analyzeContentQuality(in context: JobContext, tally: StepTally) async throws {
        let batchSize = context.options.batchSize
        var accumulator = ContentQualityReport.Accumulator(
            lowestCount: configuration.qualityLowestCount)
        var after: NodeKey?
        var scanned = 0
        while true {
            try context.checkCancellation()
            let items = try await context.graph.scanNodes(
                labels: configuration.itemLabels, after: after, limit: batchSize)
            guard let last = items.last else { break }

            let active = items.filter(Self.isActive)
            let links = try await AdjacencyReader.touching(
                active.map(\.key), minimumWeight: 0, batchSize: batchSize, in: context)
            for item in active {
                let features = ContentFeatures(
                    node: item, relationships: links[item.key] ?? [],
                    contentProperty: configuration.contentProperty,
                    now: now)
                accumulator.add(key: item.key, score: configuration.quality.score(features))
            }

            scanned += items.count
            tally.add("items.scanned", items.count)
            tally.add("items.scored", active.count)
            tally.add("items.inactive", items.count - active.count)
            context.progress(step: StatisticsJob.Step.contentQuality, completed: scanned)
            after = last.key
            if items.count < batchSize { break }
        }

        let key = CacheKeys.contentQuality(CalendarDay(containing: now, in: zone))
        let report = accumulator.report(generatedAt: now)
        let entry = try CacheEntryWriter.entry(
            key, report, ttlSeconds: configuration.qualityReportTTLSeconds)
        try await CacheEntryWriter(context: context, tally: tally).write([entry])
    }

    private static func isActive(_ item: Node) -> Bool {
        let status = item.properties[Node.Property.status]?.stringValue
        return status != RecordStatus.archived.rawValue && status != RecordStatus.deleted.rawValue
    }
}
