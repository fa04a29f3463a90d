import Foundation

extension RelationshipsJob {
    /// What a run of the relationships job did, summed over its batches.
    struct Totals: Sendable {
        var batches = 0
        var weights = WeightPassTotals()
        var usersAffected = 0
        var usersInvalidated = 0
        var usersNotInvalidated = 0
        var cacheEntriesDeleted = 0
        var cacheError: String?
        var scanTime = Duration.zero
        var countTime = Duration.zero
        var computeTime = Duration.zero
        var writeTime = Duration.zero
        var invalidateTime = Duration.zero
        /// Time spent in ``WeightPassStore/updateWeights(_:after:limit:)``, which scans, counts,
        /// computes and writes in one call.
        var storeTime = Duration.zero

        /// The counts by name, as the `update-weights` step reports them.
        var counts: [(String, Int)] {
            [
                ("batches", batches), ("edges.scanned", weights.scanned), ("edges.decayed", weights.decayed),
                ("edges.boosted", weights.boosted), ("edges.changed", weights.changed),
                ("edges.unchanged", weights.unchanged), ("edges.written", weights.written),
                ("interactions.counted", weights.interactions), ("weights.invalid", weights.invalid),
                ("weights.clamped", weights.clamped),
                ("users.affected", usersAffected), ("users.invalidated", usersInvalidated),
                ("users.notInvalidated", usersNotInvalidated), ("cache.entries.deleted", cacheEntriesDeleted),
                ("time.scan.us", Self.microseconds(scanTime)), ("time.count.us", Self.microseconds(countTime)),
                ("time.compute.us", Self.microseconds(computeTime)), ("time.write.us", Self.microseconds(writeTime)),
                ("time.invalidate.us", Self.microseconds(invalidateTime)),
                ("time.store.us", Self.microseconds(storeTime)),
            ]
        }

        /// Sets every count in `tally`.
        func record(into tally: StepTally) {
            for (name, value) in counts {
                tally.set(name, value)
            }
        }

        /// The counts as log metadata, `upkeep.count.edges.scanned` and so on.
        var metadata: LogMetadata {
            var metadata = LogMetadata()
            for (name, value) in counts {
                metadata["upkeep.count.\(name)"] = String(value)
            }
            if let cacheError { metadata["upkeep.error"] = cacheError }
            return metadata
        }

        /// One sentence for the report.
        func summary(dryRun: Bool) -> String {
            var text = dryRun ? "dry run: " : ""
            text += "scanned \(weights.scanned) relationships in \(batches) batches; "
            text += "\(weights.changed) changed (\(weights.written) written), \(weights.unchanged) unchanged; "
            text += "\(weights.boosted) boosted by \(weights.interactions) interactions; "
            text += "\(weights.invalid) invalid and \(weights.clamped) out-of-range stored weights; "
            text += "caches of \(usersInvalidated) of \(usersAffected) affected users invalidated"
            if let cacheError { text += "; cache invalidation stopped after an error: \(cacheError)" }
            return text
        }

        private static func microseconds(_ duration: Duration) -> Int {
            let (seconds, attoseconds) = duration.components
            return Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000)
        }
    }
}
