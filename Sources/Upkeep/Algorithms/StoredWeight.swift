/// A weight as read from a store, made safe to compute with.
///
/// Upkeep writes weights in `[0, 1]`, but a graph may hold anything another writer put there.
/// NaN and infinities are invalid: they are treated as 0, reported, and never written back.
/// Finite values outside `[0, 1]` are clamped into it and reported as well.
public struct StoredWeight: Hashable, Sendable {
    /// What was wrong with a stored weight.
    public enum Problem: String, Hashable, Sendable, CaseIterable {
        /// The stored weight was NaN; it counts as 0.
        case notANumber
        /// The stored weight was +∞ or −∞; it counts as 0.
        case infinite
        /// The stored weight was below 0; it counts as 0.
        case negative
        /// The stored weight was above 1; it counts as 1.
        case aboveOne

        /// Whether the value was not a number at all (NaN or an infinity), as opposed to a
        /// number out of range; the relationships job counts these as `weights.invalid`.
        public var isInvalid: Bool {
            self == .notANumber || self == .infinite
        }
    }

    /// The weight to compute with, in `[0, 1]`.
    public let value: Double
    /// What was wrong with the stored value, or `nil` when it was in `[0, 1]`.
    public let problem: Problem?

    /// Sanitises a stored weight.
    public init(_ stored: Double) {
        if stored >= 0, stored <= 1 {
            (value, problem) = (stored, nil)
        } else if stored.isNaN {
            (value, problem) = (0, .notANumber)
        } else if stored.isInfinite {
            (value, problem) = (0, .infinite)
        } else if stored < 0 {
            (value, problem) = (0, .negative)
        } else {
            (value, problem) = (1, .aboveOne)
        }
    }
}
