import Foundation

/// Archives stale records, prunes the graph and runs store maintenance, on Sundays by default.
///
/// The seed's steps F1–F5 run as six steps, each in keyset-paged batches of
/// ``JobOptions/batchSize``, checking for cancellation between batches:
///
/// - `identify-expired` counts the archive candidates of each kind:
///   `records.expired`, `records.expired.<kind>`.
/// - `archive` archives them (soft delete): `records.archived`, `records.skipped`.
/// - `remove-orphans` counts orphan nodes, asks the guard, deletes them:
///   `nodes.total`, `nodes.candidates`, `nodes.deleted`.
/// - `remove-weak-edges` does the same for weak relationships:
///   `relationships.total`, `relationships.candidates`, `relationships.deleted`.
/// - `optimize-indexes` runs ``RecordStore/maintain()``: `actions`.
/// - `release-storage` notes what maintenance did and counts what the graph holds now:
///   `nodes.remaining`, `relationships.remaining`.
///
/// What counts as a candidate is ``CleanupPolicy``'s rules. The two graph steps count all their
/// candidates first, then ask the ``DeletionGuard``, then delete at most the number counted, so
/// concurrent changes cannot push a run past the guard. A refusal fails the step with a
/// ``DeletionRefusal``; with ``JobOptions/force`` the step deletes anyway, counts `guard.forced`
/// and notes it. `records.skipped` counts candidates the record store left alone because the host
/// changed them (starred or archived them) in the meantime.
///
/// A dry run counts every candidate and changes nothing: the destructive steps report their
/// candidates with `*.deleted` and `records.archived` at 0, the graph steps count
/// `guard.wouldRefuse` where the guard would stop a real run, and the maintenance steps are
/// skipped.
public struct CleanupJob: Job {
    /// The names of the steps, in order.
    public enum Step {
        /// F1: counting archive candidates.
        public static let identifyExpired = "identify-expired"
        /// F2: archiving them.
        public static let archive = "archive"
        /// F3: removing orphan nodes.
        public static let removeOrphans = "remove-orphans"
        /// F3: removing weak relationships.
        public static let removeWeakEdges = "remove-weak-edges"
        /// F4: store maintenance.
        public static let optimizeIndexes = "optimize-indexes"
        /// F5: reporting what maintenance released.
        public static let releaseStorage = "release-storage"
    }

    /// The settings.
    public var configuration: Configuration

    /// Creates the job.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// ``JobName/cleanup``.
    public var name: JobName { .cleanup }

    /// Runs the six steps in order.
    ///
    /// - Throws: ``ParameterError`` when the configuration is out of range, ``DeletionRefusal``
    ///   when the deletion guard stops a graph step, ``StoreError`` from the stores, or
    ///   `CancellationError` when cancelled between batches.
    public func run(in context: JobContext) async throws {
        let plan = try await context.step(Step.identifyExpired) { tally in
            let now = Date(epochMilliseconds: context.now().epochMilliseconds)
            var plan = try Plan(configuration: configuration, now: now, options: context.options)
            try await plan.identifyExpired(in: context, tally: tally)
            return plan
        }
        try await context.step(Step.archive) { tally in
            try await plan.archive(in: context, tally: tally)
        }
        try await context.step(Step.removeOrphans) { tally in
            try await plan.removeOrphans(in: context, tally: tally)
        }
        try await context.step(Step.removeWeakEdges) { tally in
            try await plan.removeWeakEdges(in: context, tally: tally)
        }

        guard !context.options.dryRun else {
            context.skipStep(Step.optimizeIndexes, reason: "dry run: maintenance changes storage")
            context.skipStep(Step.releaseStorage, reason: "dry run: maintenance did not run")
            return
        }
        let actions = try await context.step(Step.optimizeIndexes) { tally in
            let actions = try await context.records.maintain()
            tally.set("actions", actions.count)
            return actions
        }
        try await context.step(Step.releaseStorage) { tally in
            try await Plan.releaseStorage(actions: actions, in: context, tally: tally)
        }
    }
}
