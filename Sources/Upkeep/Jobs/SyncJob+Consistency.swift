import Foundation

extension SyncJob {
    /// The drifted ids of one kind and the source rows behind them.
    struct DriftFinding {
        var drifts: [ConsistencyCheck.Drift]
        var rows: [Record]
        /// Whether the check stopped at ``Configuration/maximumDriftRanges`` with ranges left.
        var isTruncated = false
    }

    /// Compares each kind's rows with the graph and repairs what drifted: the seed's C5.
    ///
    /// Per kind, the record store's and the graph's digests over the checked ids are compared,
    /// two calls when they agree. With the ``ConsistencyScope/full`` scope those are every id;
    /// with ``ConsistencyScope/rotating`` they are this run's slice
    /// (``ConsistencyCheck/slice(bounds:from:size:)``), and where the next run's slice starts is
    /// stored with `checkpoint` in one empty ``GraphStore/applySyncBatch(_:checkpoint:)`` after
    /// the last kind, as ``SyncCheckpoint/sliceStarts``. A run that fails or is cancelled before
    /// that checks the same slices again next time; a dry run never moves them; and a kind whose
    /// drift was truncated and repaired stays on its slice, so the next run repairs the rest.
    ///
    /// On a mismatch the digests are bisected (``ConsistencyCheck``) over the checked ids cut at
    /// the record store's id bounds, and the mismatched leaves are compared row by row. Unless
    /// this is a dry run or ``Configuration/repairsDrift`` is off, missing and stale nodes are
    /// re-planned from their rows and extra nodes deleted. A row the host changes while the job
    /// runs can show up as drift; repairing it only syncs it early.
    func verifyConsistency(
        checkpoint: SyncCheckpoint,
        in context: JobContext,
        tally: StepTally
    ) async throws {
        let check = configuration.consistencyCheck
        let repairs = configuration.repairsDrift && !context.options.dryRun
        var next = checkpoint
        for (index, kind) in RecordKind.synced.enumerated() {
            try context.checkCancellation()
            let bounds = try await context.records.idBounds(kind: kind)
            let ranges = checkedRanges(
                of: kind, within: bounds, advancing: &next, tally: tally)
            let finding = try await findDrift(of: kind, in: ranges, using: check, in: context, tally: tally)
            record(finding.drifts, of: kind, in: tally, logger: context.logger)

            if repairs, !finding.drifts.isEmpty {
                try await repair(finding, of: kind, in: context)
                tally.add("drift.repaired", finding.drifts.count)
            }
            if repairs, finding.isTruncated {
                next.sliceStarts[kind] = checkpoint.sliceStarts[kind]
            }
            context.progress(step: Self.verifyStep, completed: index + 1, total: RecordKind.synced.count)
        }

        if !context.options.dryRun, next != checkpoint {
            try await context.graph.applySyncBatch(GraphSyncBatch(), checkpoint: next)
        }
    }

    /// The id ranges `kind` is checked over this run, moving the kind's slice cursor in
    /// `checkpoint` past them when the scope is rotating.
    private func checkedRanges(
        of kind: RecordKind,
        within bounds: ClosedRange<Int64>?,
        advancing checkpoint: inout SyncCheckpoint,
        tally: StepTally
    ) -> [ClosedRange<Int64>] {
        guard configuration.consistencyScope == .rotating else {
            return ConsistencyCheck.partition(around: bounds)
        }

        let start = checkpoint.sliceStarts[kind]
        let size = configuration.consistencySliceSize
        let slice = ConsistencyCheck.slice(bounds: bounds, from: start, size: size)
        checkpoint.sliceStarts[kind] = slice.next
        tally.add("slice.ids", Int(clamping: slice.idsWithinBounds))
        if slice.endsCycle { tally.add("slice.cycles.completed") }
        return slice.ranges
    }

    // MARK: - Finding

    private func findDrift(
        of kind: RecordKind,
        in ranges: [ClosedRange<Int64>],
        using check: ConsistencyCheck,
        in context: JobContext,
        tally: StepTally
    ) async throws -> DriftFinding {
        let records = context.records
        let graph = context.graph
        let label = kind.nodeLabel
        let outcome = try await check.mismatches(
            in: ranges,
            source: { try await records.digest(kind: kind, ids: $0) },
            replica: { try await graph.digest(label: label, ids: $0) })
        tally.add("digest.calls", outcome.digestCalls)
        if outcome.isTruncated {
            tally.add("drift.truncated")
            let limit = "\(check.maximumLeaves) ranges of \(check.leafSize) ids"
            tally.note("\(kind): drift spans more than \(limit); the rest waits for later runs")
        }

        var finding = DriftFinding(drifts: [], rows: [], isTruncated: outcome.isTruncated)
        let ids = outcome.leaves.flatMap { Array($0) }
        tally.add("ids.compared", ids.count)
        for start in stride(from: 0, to: ids.count, by: context.options.batchSize) {
            let chunk = Array(ids[start..<min(start + context.options.batchSize, ids.count)])
            let rows = try await records.records(kind: kind, ids: chunk)
            let nodes = try await graph.nodes(chunk.map { NodeKey(label, $0) })
            let drifts = ConsistencyCheck.drifts(kind: kind, ids: chunk, records: rows, nodes: nodes)
            let drifted = Set(drifts.map(\.id))
            finding.drifts += drifts
            finding.rows += rows.filter { drifted.contains($0.id) }
        }
        return finding
    }

    private func record(
        _ drifts: [ConsistencyCheck.Drift],
        of kind: RecordKind,
        in tally: StepTally,
        logger: UpkeepLogger
    ) {
        guard !drifts.isEmpty else { return }
        tally.add("drift.found", drifts.count)
        for drift in drifts {
            switch drift.problem {
            case .missingInGraph: tally.add("drift.missing")
            case .extraInGraph: tally.add("drift.extra")
            case .stale: tally.add("drift.stale")
            }
            tally.note(drift.description)
        }
        let metadata = ["upkeep.kind": kind.rawValue, "upkeep.drift": String(drifts.count)]
        logger.warning("graph drifted from source", metadata)
    }

    // MARK: - Repairing

    /// Re-plans the drifted rows and deletes extra nodes that have no row at all.
    ///
    /// The writes go through the plain batch methods in the order
    /// ``GraphStore/applySyncBatch(_:checkpoint:)`` uses, not through that method: a repair covers
    /// no cursor, so the checkpoint is left alone.
    private func repair(
        _ finding: DriftFinding,
        of kind: RecordKind,
        in context: JobContext
    ) async throws {
        var plan = try await plan(finding.rows, graph: context.graph, source: context.records)
        let rowIDs = Set(finding.rows.map(\.id))
        plan.batch.deleteNodes += finding.drifts
            .filter { $0.problem == .extraInGraph && !rowIDs.contains($0.id) }
            .map { NodeKey(kind.nodeLabel, $0.id) }

        let graph = context.graph
        let batch = plan.batch
        if !batch.upsertNodes.isEmpty { try await graph.upsertNodes(batch.upsertNodes) }
        if !batch.deleteNodes.isEmpty { _ = try await graph.deleteNodes(batch.deleteNodes) }
        if !batch.upsertRelationships.isEmpty {
            try await graph.upsertRelationships(batch.upsertRelationships)
        }
        if !batch.deleteRelationships.isEmpty {
            _ = try await graph.deleteRelationships(batch.deleteRelationships)
        }
    }
}
