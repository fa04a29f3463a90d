import Foundation

extension SyncJob {
    /// Reads, plans and writes the changed rows of one kind page by page: the seed's C2–C4.
    ///
    /// Returns the checkpoint after the last page applied; in a dry run, the one it was given.
    func syncChanges(
        of kind: RecordKind,
        from checkpoint: SyncCheckpoint,
        in context: JobContext,
        tally: StepTally
    ) async throws -> SyncCheckpoint {
        let step = Self.stepName(for: kind)
        let logger = context.logger.with(["upkeep.step": step, "upkeep.kind": kind.rawValue])
        var checkpoint = checkpoint
        let batchSize = context.options.batchSize
        let source = context.records
        var readFrom = readStart(after: checkpoint.cursors[kind])
        var page = 0
        while true {
            try context.checkCancellation()
            let records = try await source.changes(kind: kind, after: readFrom, limit: batchSize)
            guard let last = records.last else { break }
            page += 1
            tally.add("rows.read", records.count)

            let plan = try await plan(records, graph: context.graph, source: source)
            plan.summary.record(in: tally)
            if !context.options.dryRun {
                let cursor = SyncCursor(after: last)
                checkpoint = try await apply(plan.batch, through: cursor, of: kind, onto: checkpoint, context)
                tally.add("batches.applied")
            }

            let metadata = ["upkeep.batch": String(page), "upkeep.rows": String(records.count)]
            logger.debug("page synced", metadata)
            context.progress(step: step, completed: tally.count("rows.read"))
            readFrom = SyncCursor(after: last)
            if records.count < batchSize { break }
        }
        return checkpoint
    }

    /// Where a run starts reading: the stored cursor moved back by the overlap window, the
    /// stored cursor itself when there is no window, or the start of the stream before the first
    /// sync.
    ///
    /// The id `Int64.min` makes the read include every row at the window's first instant.
    func readStart(after stored: SyncCursor?) -> SyncCursor? {
        guard let stored else { return nil }
        guard configuration.overlapSeconds > 0 else { return stored }
        let start = stored.updatedAt.addingTimeInterval(-configuration.overlapSeconds)
        return SyncCursor(updatedAt: start, id: .min)
    }

    /// Applies a page's batch together with the checkpoint that covers it.
    ///
    /// The kind's cursor becomes the later of the stored one and `cursor`, so re-reading the
    /// overlap window never moves it backwards.
    private func apply(
        _ batch: GraphSyncBatch,
        through cursor: SyncCursor,
        of kind: RecordKind,
        onto checkpoint: SyncCheckpoint,
        _ context: JobContext
    ) async throws -> SyncCheckpoint {
        var next = checkpoint
        next.cursors[kind] = max(checkpoint.cursors[kind] ?? cursor, cursor)
        try await context.graph.applySyncBatch(batch, checkpoint: next)
        return next
    }
}
