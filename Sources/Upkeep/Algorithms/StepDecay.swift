import Foundation

/// The seed design's stepped decay, kept for compatibility: a factor chosen by the weight's age.
///
/// The age is the time since the weight was last written (`updatedAt`), not since the
/// relationship was created, which is what made the seed's weights collapse. The factor is
///
/// | age since the last write | factor |
/// |--------------------------|--------|
/// | under 7 days             | 1.0    |
/// | under 30 days            | 0.9    |
/// | under 90 days            | 0.7    |
/// | 90 days or more          | 0.5    |
///
/// and it is applied at most once per decay period: a weight is multiplied only when at least
/// ``period`` has elapsed since its last write; otherwise it is returned unchanged and the job does
/// not write it. Since a write resets the age, a relationship decays by one factor per period at
/// most, however often the job runs: every ten minutes or once a week, an idle weight of 1.0 is
/// 0.9 after its first period, 0.81 after its second, and so on. Unlike ``HalfLifeDecay`` this is
/// not schedule invariant: a job that runs rarely applies one larger factor instead of several.
///
/// Complexity: O(1) per weight.
public struct StepDecay: Hashable, Sendable {
    /// The default decay period: 7 days, the seed's staleness filter.
    public static let defaultPeriod: Duration = .seconds(7 * 86_400)

    /// The decay with the default period.
    public static let standard = StepDecay(validatedPeriod: defaultPeriod)

    /// The least time between two multiplications of the same weight.
    public let period: Duration
    private let periodSeconds: Double

    /// Creates a stepped decay applied at most once per `period`.
    ///
    /// - Throws: ``ParameterError`` when `period` is not positive.
    public init(period: Duration = StepDecay.defaultPeriod) throws {
        try ParameterError.requirePositive(period.timeInterval, "period")
        self.init(validatedPeriod: period)
    }

    private init(validatedPeriod period: Duration) {
        self.period = period
        self.periodSeconds = period.timeInterval
    }

    /// The seed's factor for a weight last written `age` seconds ago.
    public static func factor(age: TimeInterval) -> Double {
        let days = age / 86_400
        if !(days >= 7) { return 1.0 }
        if days < 30 { return 0.9 }
        if days < 90 { return 0.7 }
        return 0.5
    }

    /// Whether a weight last written `elapsed` seconds ago is due to be multiplied.
    public func isDue(elapsed: TimeInterval) -> Bool {
        elapsed >= periodSeconds
    }

    /// The weight after this decay, `elapsed` seconds after it was written; unchanged when the
    /// period has not passed yet.
    public func decayed(_ weight: Double, elapsed: TimeInterval) -> Double {
        guard isDue(elapsed: elapsed) else { return weight }
        return weight * Self.factor(age: elapsed)
    }
}
