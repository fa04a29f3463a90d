import Foundation

/// Counts of a weight pass, added up relationship by relationship.
///
/// The relationships job reports these as the `edges.*`, `interactions.counted` and
/// `weights.*` counts of its `update-weights` step, whichever way the weights were computed.
public struct WeightPassTotals: Hashable, Sendable {
    /// Relationships evaluated.
    public var scanned = 0
    /// Relationships whose weight decay changed.
    public var decayed = 0
    /// Relationships that received a boost.
    public var boosted = 0
    /// Relationships that needed a write.
    public var changed = 0
    /// Relationships left alone because nothing would change.
    public var unchanged = 0
    /// Relationships the store updated; 0 in a dry run.
    public var written = 0
    /// Interactions counted into boosts.
    public var interactions = 0
    /// Stored weights that were NaN or infinite.
    public var invalid = 0
    /// Finite stored weights outside `[0, 1]`.
    public var clamped = 0

    /// Creates empty totals.
    public init() {}

    /// Counts one evaluated relationship; ``written`` is left to the caller, who knows whether
    /// the write happened.
    @inline(__always)
    public mutating func add(_ evaluation: WeightEvaluation) {
        let outcome = evaluation.outcome
        scanned += 1
        interactions += outcome.interactions
        if evaluation.needsWrite { changed += 1 } else { unchanged += 1 }
        if outcome.boost > 0 { boosted += 1 }
        if let problem = outcome.problem {
            if problem.isInvalid { invalid += 1 } else { clamped += 1 }
        } else if outcome.decayed != evaluation.storedWeight {
            decayed += 1
        }
    }

    /// Adds another set of totals to these.
    public mutating func add(_ other: WeightPassTotals) {
        scanned += other.scanned
        decayed += other.decayed
        boosted += other.boosted
        changed += other.changed
        unchanged += other.unchanged
        written += other.written
        interactions += other.interactions
        invalid += other.invalid
        clamped += other.clamped
    }
}
