import Foundation

/// Which decay the relationships job applies to weights.
public enum DecayModel: Hashable, Sendable {
    /// Exponential decay towards a floor; schedule invariant. The default.
    case halfLife(HalfLifeDecay)
    /// The seed's stepped factors, at most once per period; for compatibility.
    case step(StepDecay)

    /// Half-life decay with its defaults.
    public static let standard = DecayModel.halfLife(.standard)

    /// The weight `elapsed` seconds after it was stored as `weight`.
    ///
    /// Complexity: O(1).
    public func decayed(_ weight: Double, elapsed: TimeInterval) -> Double {
        switch self {
        case .halfLife(let decay): decay.decayed(weight, elapsed: elapsed)
        case .step(let decay): decay.decayed(weight, elapsed: elapsed)
        }
    }
}
