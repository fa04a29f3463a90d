import Foundation

extension RelationshipsJob {
    /// What a run of the relationships job did, summed over its batches.
    struct Totals: Sendable {
        var batches = 0
        var scanned = 0
        var decayed = 0
        var boosted = 0
        var changed = 0
        var unchanged = 0
        var written = 0
        var interactions = 0
        var invalid = 0
        var clamped = 0
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

        /// Adds one relationship's outcome, and whether it is to be written.
        @inline(__always)
        mutating func add(_ outcome: WeightOutcome, storedWeight: Double, written: Bool) {
            scanned += 1
            interactions += outcome.interactions
            if written { changed += 1 } else { unchanged += 1 }
            if outcome.boost > 0 { boosted += 1 }
            if let problem = outcome.problem {
                if problem.isInvalid { invalid += 1 } else { clamped += 1 }
            } else if outcome.decayed != storedWeight {
                decayed += 1
            }
        }

        /// The counts by name, as the `update-weights` step reports them.
        var counts: [(String, Int)] {
            [
                ("batches", batches), ("edges.scanned", scanned), ("edges.decayed", decayed),
                ("edges.boosted", boosted), ("edges.changed", changed), ("edges.unchanged", unchanged),
                ("edges.written", written), ("interactions.counted", interactions),
                ("weights.invalid", invalid), ("weights.clamped", clamped),
                ("users.affected", usersAffected), ("users.invalidated", usersInvalidated),
                ("users.notInvalidated", usersNotInvalidated), ("cache.entries.deleted", cacheEntriesDeleted),
                ("time.scan.us", Self.microseconds(scanTime)), ("time.count.us", Self.microseconds(countTime)),
                ("time.compute.us", Self.microseconds(computeTime)), ("time.write.us", Self.microseconds(writeTime)),
                ("time.invalidate.us", Self.microseconds(invalidateTime)),
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
            text += "scanned \(scanned) relationships in \(batches) batches; "
            text += "\(changed) changed (\(written) written), \(unchanged) unchanged; "
            text += "\(boosted) boosted by \(interactions) interactions; "
            text += "\(invalid) invalid and \(clamped) out-of-range stored weights; "
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
