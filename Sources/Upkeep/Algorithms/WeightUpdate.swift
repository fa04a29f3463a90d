import Foundation

/// The new weight of a relationship: decay, then boost, then clamp.
///
///     new = clamp(decay(sanitise(stored), Δt) + boost(tally), 0, 1)
///
/// `sanitise` is ``StoredWeight``: NaN and infinities count as 0 and are reported, finite values
/// outside `[0, 1]` are clamped. `Δt` is the time since the weight was last written. The result is
/// always in `[0, 1]`, whatever the stored weight, the elapsed time or the tally.
///
/// ``write(for:outcome:tally:now:)`` decides whether the result needs writing: a relationship is
/// written when its weight changes, when its stored weight was not valid, when the default boost
/// mode counted interactions (so `boostedThrough` must move past them), or when its latest
/// interaction moves forward. Skipping the other writes loses nothing: the next run decays from
/// the last written weight and time, which gives the same result as having written every run.
///
/// Complexity: O(1) per relationship.
public struct WeightUpdate: Hashable, Sendable {
    /// The decay applied first.
    public var decay: DecayModel
    /// The boost added after the decay.
    public var boost: BehaviourBoost

    /// Creates an update from a decay and a boost.
    public init(decay: DecayModel = .standard, boost: BehaviourBoost = .standard) {
        self.decay = decay
        self.boost = boost
    }

    /// `value` clamped to `[0, 1]`; NaN becomes 0.
    public static func clamped(_ value: Double) -> Double {
        guard !value.isNaN else { return 0 }
        return min(max(value, 0), 1)
    }

    /// The new weight of a weight stored as `storedWeight` and written `elapsed` seconds ago,
    /// given the interactions in `tally`.
    @inline(__always)
    public func outcome(storedWeight: Double, elapsed: TimeInterval, tally: InteractionTally) -> WeightOutcome {
        let stored = StoredWeight(storedWeight)
        let decayed = decay.decayed(stored.value, elapsed: elapsed)
        let boost = boost.boost(for: tally)
        return WeightOutcome(
            weight: Self.clamped(decayed + boost),
            decayed: decayed,
            boost: boost,
            interactions: max(0, tally.count),
            problem: stored.problem
        )
    }

    /// The new weight of `relationship` at `now`, given the interactions counted in the window
    /// ``BehaviourBoost/window(for:now:)`` returned for it.
    public func outcome(for relationship: Relationship, tally: InteractionTally, now: Date) -> WeightOutcome {
        outcome(storedWeight: relationship.weight, elapsed: now.timeIntervalSince(relationship.updatedAt), tally: tally)
    }

    /// The write that stores `outcome` for `relationship`, or `nil` when nothing would change.
    ///
    /// The write sets the weight and `updatedAt = now`; in the default boost mode it moves
    /// `boostedThrough` to `now`, and it moves `lastInteractionAt` to the tally's latest
    /// interaction when that is later.
    public func write(
        for relationship: Relationship,
        outcome: WeightOutcome,
        tally: InteractionTally,
        now: Date
    ) -> WeightWrite? {
        let change = change(
            storedWeight: relationship.weight, lastInteractionAt: relationship.lastInteractionAt,
            outcome: outcome, tally: tally)
        guard change.isNeeded else { return nil }
        return makeWrite(
            key: relationship.key, boostedThrough: relationship.boostedThrough, outcome: outcome,
            latest: change.latest, now: now)
    }

    // MARK: - Write decision

    /// Whether a relationship needs writing, and its new latest interaction if that moves.
    struct Change {
        var isNeeded: Bool
        var latest: Date?
    }

    /// Decides whether to write, from the stored fields the decision depends on.
    @inline(__always)
    func change(
        storedWeight: Double,
        lastInteractionAt: Date?,
        outcome: WeightOutcome,
        tally: InteractionTally
    ) -> Change {
        let latest = Self.newerInteraction(tally, than: lastInteractionAt)
        let consumed = outcome.interactions > 0 && boost.advancesBoostedThrough
        let changed = outcome.problem != nil || outcome.weight != storedWeight
        return Change(isNeeded: changed || consumed || latest != nil, latest: latest)
    }

    /// The write for a relationship that needs one.
    @inline(__always)
    func makeWrite(
        key: RelationshipKey,
        boostedThrough: Date?,
        outcome: WeightOutcome,
        latest: Date?,
        now: Date
    ) -> WeightWrite {
        var newBoostedThrough: Date?
        if boost.advancesBoostedThrough {
            newBoostedThrough = max(now, boostedThrough ?? now)
        }
        return WeightWrite(
            key: key, weight: outcome.weight, updatedAt: now, boostedThrough: newBoostedThrough,
            lastInteractionAt: latest)
    }

    /// The tally's latest interaction when it is later than `current`, else `nil`.
    @inline(__always)
    private static func newerInteraction(_ tally: InteractionTally, than current: Date?) -> Date? {
        guard tally.count > 0, let latest = tally.latest else { return nil }
        guard let current else { return latest }
        return latest > current ? latest : nil
    }
}
