import Foundation

/// Decays and boosts relationship weights, every ten minutes by default.
///
/// The seed's steps B1–B6 run as a pipeline over keyset-paged batches of
/// ``JobOptions/batchSize`` relationships, so memory stays flat however large the graph is.
/// Each batch takes:
///
/// 1. **scan** (B1): one ``GraphStore/staleRelationships(updatedBefore:after:limit:)`` page of
///    relationships last written before `now − minimumAgeDays`;
/// 2. **count** (B3): one ``GraphStore/interactionCounts(_:)`` call for the whole batch, with the
///    window ``BehaviourBoost/window(for:now:)`` gives each relationship;
/// 3. **compute** (B2, B3): ``WeightUpdate`` per relationship, in a tight loop that reads each
///    relationship's fields in place and copies only the keys of the relationships it writes;
/// 4. **write** (B4): one ``GraphStore/writeWeights(_:)`` call with the relationships whose
///    weight or boost bookkeeping changed; the others are not written;
/// 5. **invalidate** (B5): ``CacheStore/invalidate(user:)`` for each `User` endpoint of a changed
///    relationship, each user once per run, right after the batch that changed it.
///
/// These run inside one step, `update-weights`, whose counts add up over the batches and whose
/// `time.*.us` counts give the microseconds spent in each stage. A second step, `log` (B6),
/// writes the summary to the log and the report. Counts of `update-weights`:
///
/// | count | meaning |
/// |-------|---------|
/// | `batches` | pages processed |
/// | `edges.scanned` | relationships read |
/// | `edges.decayed` | relationships whose weight decay changed |
/// | `edges.boosted` | relationships that received a boost |
/// | `edges.changed` | writes computed |
/// | `edges.unchanged` | relationships left alone because nothing would change |
/// | `edges.written` | relationships the store updated; 0 in a dry run |
/// | `interactions.counted` | interactions counted into boosts |
/// | `weights.invalid` | stored weights that were NaN or infinite, treated as 0 |
/// | `weights.clamped` | stored weights outside `[0, 1]`, clamped |
/// | `users.affected` | distinct users at an end of a changed relationship |
/// | `users.invalidated` | users whose caches were invalidated; 0 in a dry run |
/// | `users.notInvalidated` | affected users skipped after a cache error |
/// | `cache.entries.deleted` | cache entries those invalidations removed |
/// | `time.<stage>.us` | microseconds spent in `scan`, `count`, `compute`, `write`, `invalidate` |
///
/// The step's notes name the first ten relationships whose stored weight was invalid or out of
/// range, so the data problem can be traced.
///
/// A cache error does not fail the run, since the weights are already written and a retry
/// would not find them changed again: the job stops invalidating, counts the users it skipped,
/// and the `log` step notes the error and logs at warning level.
///
/// A dry run computes everything, writes no weight and invalidates no cache.
public struct RelationshipsJob: Job {
    /// The names of the steps, in order.
    public enum Step {
        /// B1–B5: the batched pipeline.
        public static let updateWeights = "update-weights"
        /// B6: the summary in the log and the report.
        public static let log = "log"
    }

    /// The settings.
    public var configuration: Configuration

    /// Creates the job.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// ``JobName/relationships``.
    public var name: JobName { .relationships }

    /// Runs `update-weights`, then `log`.
    ///
    /// - Throws: ``ParameterError`` when the configuration is out of range, ``StoreError`` from
    ///   the stores, or `CancellationError` when cancelled between batches.
    public func run(in context: JobContext) async throws {
        let totals = try await context.step(Step.updateWeights) { tally in
            // Stores keep milliseconds; computing at a whole millisecond keeps the instant the
            // weights are written for equal to the `updatedAt` the next run decays from.
            let now = Date(epochMilliseconds: context.now().epochMilliseconds)
            var pass = try Pass(configuration: configuration, now: now, dryRun: context.options.dryRun)
            try await pass.run(in: context, tally: tally)
            return pass.totals
        }

        try await context.step(Step.log) { tally in
            tally.note(totals.summary(dryRun: context.options.dryRun))
            let level: LogLevel = totals.usersNotInvalidated > 0 ? .warning : .info
            context.logger.log(level, "relationship weights updated", totals.metadata)
        }
    }
}
