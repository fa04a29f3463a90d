import Foundation

/// How much recent user activity strengthens a relationship.
///
/// Each interaction with the relationship's target (its `to` node) adds ``perInteraction``, and
/// one update adds at most ``cap``:
///
///     boost = min(count × perInteraction, cap)
///
/// Which interactions count depends on the ``Mode``. By default (``Mode/countOnce``) an
/// interaction boosts a relationship exactly once, in the first update after it happened; the
/// seed's behaviour, which counts the same window again on every run, is available as
/// ``Mode/window(days:)``.
///
/// Complexity: O(1) per relationship; the counting itself is one
/// ``GraphStore/interactionCounts(_:)`` call per batch.
public struct BehaviourBoost: Hashable, Sendable {
    /// Which interactions an update counts.
    public enum Mode: Hashable, Sendable {
        /// Interactions after the relationship's `boostedThrough` (or its `createdAt` when it has
        /// never been boosted) up to now. A written update advances `boostedThrough` to now, so
        /// no interaction is counted twice. Interactions stored later with a timestamp at or
        /// before `boostedThrough` are not counted.
        case countOnce
        /// Every interaction in the last `days` days, on every run, as the seed did with 30 days.
        /// A relationship keeps being boosted by the same interactions until they age out.
        case window(days: Int)
    }

    /// The seed's boost per interaction.
    public static let defaultPerInteraction = 0.05
    /// The seed's cap per update.
    public static let defaultCap = 0.3

    /// The default boost: 0.05 per interaction, at most 0.3 per update, each interaction once.
    public static let standard = BehaviourBoost(
        validatedPerInteraction: defaultPerInteraction, cap: defaultCap, mode: .countOnce)

    /// What one interaction adds.
    public let perInteraction: Double
    /// The most one update adds.
    public let cap: Double
    /// Which interactions an update counts.
    public let mode: Mode

    /// Creates a boost.
    ///
    /// - Throws: ``ParameterError`` when `perInteraction` or `cap` is outside `[0, 1]`, or a
    ///   window is shorter than one day.
    public init(
        perInteraction: Double = BehaviourBoost.defaultPerInteraction,
        cap: Double = BehaviourBoost.defaultCap,
        mode: Mode = .countOnce
    ) throws {
        try ParameterError.requireUnitInterval(perInteraction, "perInteraction")
        try ParameterError.requireUnitInterval(cap, "cap")
        if case .window(let days) = mode, days < 1 {
            throw ParameterError(parameter: "window days", value: "\(days)", requirement: "1 or more")
        }
        self.init(validatedPerInteraction: perInteraction, cap: cap, mode: mode)
    }

    private init(validatedPerInteraction perInteraction: Double, cap: Double, mode: Mode) {
        self.perInteraction = perInteraction
        self.cap = cap
        self.mode = mode
    }

    /// The interactions an update of `relationship` at `now` counts.
    public func window(for relationship: Relationship, now: Date) -> InteractionWindow {
        let after = windowStart(
            boostedThrough: relationship.boostedThrough, createdAt: relationship.createdAt, now: now)
        return InteractionWindow(target: relationship.key.to, after: after, through: now)
    }

    /// The exclusive lower bound of the window of a relationship with the given fields.
    @inline(__always)
    func windowStart(boostedThrough: Date?, createdAt: Date, now: Date) -> Date {
        switch mode {
        case .countOnce: boostedThrough ?? createdAt
        case .window(let days): now.addingTimeInterval(-Double(days) * 86_400)
        }
    }

    /// The boost for a tally of interactions: `min(count × perInteraction, cap)`, never negative.
    @inline(__always)
    public func boost(for tally: InteractionTally) -> Double {
        guard tally.count > 0 else { return 0 }
        return min(Double(tally.count) * perInteraction, cap)
    }

    /// Whether a written update moves the relationship's `boostedThrough` forward.
    public var advancesBoostedThrough: Bool {
        mode == .countOnce
    }
}
