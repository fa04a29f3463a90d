import Foundation

/// One run's weight update, as the relationships job hands it to a ``WeightPassStore``.
///
/// It fixes everything a store needs to evaluate a relationship on its own: the
/// ``WeightUpdate``, the instant the weights are computed for, which relationships are stale,
/// and whether to write. A store calls ``windowStart(boostedThrough:createdAt:)`` to know which
/// interactions to count and
/// ``evaluate(storedWeight:updatedAt:boostedThrough:lastInteractionAt:tally:)`` to get the new
/// values, so every store computes weights with the same code as the portable pipeline.
public struct WeightPass: Hashable, Sendable {
    /// The decay and boost.
    public var update: WeightUpdate
    /// The instant the weights are computed for, a whole millisecond; written as `updatedAt`.
    public var now: Date
    /// Relationships last written before this instant are stale and evaluated; others are not.
    public var staleBefore: Date
    /// Whether to compute without writing.
    public var dryRun: Bool
    /// Whether pages list the `User` endpoints of changed relationships, for cache invalidation.
    public var collectsUsers: Bool
    /// The most ``WeightProblem`` reports a page carries.
    public var problemLimit: Int

    /// Creates a pass.
    public init(
        update: WeightUpdate,
        now: Date,
        staleBefore: Date,
        dryRun: Bool = false,
        collectsUsers: Bool = false,
        problemLimit: Int = 10
    ) {
        self.update = update
        self.now = now
        self.staleBefore = staleBefore
        self.dryRun = dryRun
        self.collectsUsers = collectsUsers
        self.problemLimit = problemLimit
    }

    /// The exclusive lower bound of the interactions to count for a relationship with these
    /// fields; the inclusive upper bound is ``now``.
    @inline(__always)
    public func windowStart(boostedThrough: Date?, createdAt: Date) -> Date {
        update.boost.windowStart(boostedThrough: boostedThrough, createdAt: createdAt, now: now)
    }

    /// Evaluates one relationship from its stored fields and the interactions counted in its
    /// window.
    ///
    /// Complexity: O(1).
    @inline(__always)
    public func evaluate(
        storedWeight: Double,
        updatedAt: Date,
        boostedThrough: Date?,
        lastInteractionAt: Date?,
        tally: InteractionTally
    ) -> WeightEvaluation {
        let elapsed = now.timeIntervalSinceReferenceDate - updatedAt.timeIntervalSinceReferenceDate
        let outcome = update.outcome(storedWeight: storedWeight, elapsed: elapsed, tally: tally)
        let change = update.change(
            storedWeight: storedWeight, lastInteractionAt: lastInteractionAt, outcome: outcome, tally: tally)
        var newBoostedThrough: Date?
        if change.isNeeded, update.boost.advancesBoostedThrough {
            newBoostedThrough = max(now, boostedThrough ?? now)
        }
        return WeightEvaluation(
            storedWeight: storedWeight, outcome: outcome, needsWrite: change.isNeeded,
            boostedThrough: newBoostedThrough, lastInteractionAt: change.latest)
    }
}
