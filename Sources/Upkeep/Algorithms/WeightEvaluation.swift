import Foundation

/// What ``WeightPass/evaluate(storedWeight:updatedAt:boostedThrough:lastInteractionAt:tally:)``
/// decided for one relationship.
///
/// When ``needsWrite`` is true the store writes ``weight``, `updatedAt =` ``WeightPass/now``,
/// and ``boostedThrough`` and ``lastInteractionAt`` where they are not `nil` (a `nil` leaves the
/// stored value alone), exactly as ``GraphStore/writeWeights(_:)`` applies a ``WeightWrite``.
public struct WeightEvaluation: Hashable, Sendable {
    /// The weight as stored, before sanitising.
    public var storedWeight: Double
    /// The computation's result.
    public var outcome: WeightOutcome
    /// Whether the relationship must be written.
    public var needsWrite: Bool
    /// The new `boostedThrough`, or `nil` to leave it unchanged.
    public var boostedThrough: Date?
    /// The new `lastInteractionAt`, or `nil` to leave it unchanged.
    public var lastInteractionAt: Date?

    /// The new weight, in `[0, 1]`.
    public var weight: Double { outcome.weight }

    /// Creates an evaluation.
    public init(
        storedWeight: Double,
        outcome: WeightOutcome,
        needsWrite: Bool,
        boostedThrough: Date?,
        lastInteractionAt: Date?
    ) {
        self.storedWeight = storedWeight
        self.outcome = outcome
        self.needsWrite = needsWrite
        self.boostedThrough = boostedThrough
        self.lastInteractionAt = lastInteractionAt
    }

    /// The ``WeightWrite`` that stores this evaluation for `key` at `now`.
    public func write(key: RelationshipKey, now: Date) -> WeightWrite {
        WeightWrite(
            key: key, weight: weight, updatedAt: now, boostedThrough: boostedThrough,
            lastInteractionAt: lastInteractionAt)
    }
}
