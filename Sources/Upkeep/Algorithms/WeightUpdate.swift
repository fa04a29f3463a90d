import Foundation

/// The new weight of a relationship: decay, then boost, then clamp.
///
///     new = clamp(decay(sanitise(stored), Δt) + boost(tally), 0, 1)
///
/// `sanitise` is ``StoredWeight``: NaN and infinities count as 0 and are reported, finite values
/// outside `[0, 1]` are clamped. `Δt` is the time since the weight was last written. The result is
/// always in `[0, 1]`, whatever the stored weight, the elapsed time or the tally.
///
/// ``update(_:tally:now:)`` also decides whether the result needs writing: a relationship is
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
    /// given the interactions in `tally`; the outcome carries no write.
    public func outcome(storedWeight: Double, elapsed: TimeInterval, tally: InteractionTally) -> WeightOutcome {
        let stored = StoredWeight(storedWeight)
        let decayed = decay.decayed(stored.value, elapsed: elapsed)
        let boost = boost.boost(for: tally)
        return WeightOutcome(
            weight: Self.clamped(decayed + boost),
            decayed: decayed,
            boost: boost,
            interactions: max(0, tally.count),
            problem: stored.problem,
            write: nil
        )
    }

    /// The new weight of `relationship` at `now`, given the interactions counted in the window
    /// ``BehaviourBoost/window(for:now:)`` returned for it, with the write that stores it.
    public func update(_ relationship: Relationship, tally: InteractionTally, now: Date) -> WeightOutcome {
        let elapsed = now.timeIntervalSince(relationship.updatedAt)
        var outcome = outcome(storedWeight: relationship.weight, elapsed: elapsed, tally: tally)

        let latest = Self.newerInteraction(tally, than: relationship.lastInteractionAt)
        let consumed = outcome.interactions > 0 && boost.advancesBoostedThrough
        let changed = outcome.problem != nil || outcome.weight != relationship.weight
        guard changed || consumed || latest != nil else { return outcome }

        var boostedThrough: Date?
        if boost.advancesBoostedThrough {
            boostedThrough = max(now, relationship.boostedThrough ?? now)
        }
        outcome.write = WeightWrite(
            key: relationship.key,
            weight: outcome.weight,
            updatedAt: now,
            boostedThrough: boostedThrough,
            lastInteractionAt: latest
        )
        return outcome
    }

    /// The tally's latest interaction when it is later than `current`, else `nil`.
    private static func newerInteraction(_ tally: InteractionTally, than current: Date?) -> Date? {
        guard tally.count > 0, let latest = tally.latest else { return nil }
        guard let current else { return latest }
        return latest > current ? latest : nil
    }
}
