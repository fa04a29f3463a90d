import Foundation

/// Exponential decay of a relationship weight towards a floor, with a fixed half-life.
///
/// The weight at `now` is computed from the weight stored at its last write:
///
///     w(now) = floor + (w₀ − floor) · 2^(−Δt / halfLife),   Δt = now − updatedAt
///
/// `Δt` runs from the relationship's `updatedAt` (when its weight was last written), never from
/// its `createdAt`. Because `2^(−a) · 2^(−b) = 2^(−(a + b))`, the result at a given instant is the
/// same whether the relationships job wrote the weight every ten minutes or once a month: the
/// decay is schedule invariant, up to floating-point rounding (about 1e-12 over a month of
/// ten-minute runs). A weight below the floor rises towards it the same way. A negative `Δt`
/// (the weight was written by a clock that ran ahead) or a NaN one leaves the weight unchanged.
///
/// Complexity: O(1), one `exp2` per weight.
public struct HalfLifeDecay: Hashable, Sendable {
    /// The default half-life: 30 days, so a relationship nobody touches for a month keeps half of
    /// its weight above the floor, and one idle for a year keeps about 0.02 percent of it.
    public static let defaultHalfLife: Duration = .seconds(30 * 86_400)

    /// The decay with the default half-life and a floor of 0.
    public static let standard = HalfLifeDecay(validatedHalfLife: defaultHalfLife, floor: 0)

    /// How long it takes the distance between the weight and the floor to halve.
    public let halfLife: Duration
    /// The value the weight relaxes towards, in `[0, 1]`.
    public let floor: Double
    /// `−1 / halfLife` in seconds, so each weight costs one multiplication and one `exp2`.
    private let negativeRate: Double

    /// Creates a decay with the given half-life and floor.
    ///
    /// - Throws: ``ParameterError`` when `halfLife` is not positive or `floor` is outside `[0, 1]`.
    public init(halfLife: Duration = HalfLifeDecay.defaultHalfLife, floor: Double = 0) throws {
        try ParameterError.requirePositive(halfLife.timeInterval, "halfLife")
        try ParameterError.requireUnitInterval(floor, "floor")
        self.init(validatedHalfLife: halfLife, floor: floor)
    }

    private init(validatedHalfLife halfLife: Duration, floor: Double) {
        self.halfLife = halfLife
        self.floor = floor
        self.negativeRate = -1 / halfLife.timeInterval
    }

    /// The weight `elapsed` seconds after it was stored as `weight`.
    ///
    /// `weight` should be finite; ``WeightUpdate`` sanitises stored values before calling this.
    public func decayed(_ weight: Double, elapsed: TimeInterval) -> Double {
        guard elapsed > 0 else { return weight }
        return floor + (weight - floor) * exp2(elapsed * negativeRate)
    }

    /// The weight at `now` of a weight stored as `weight` at `lastWritten`.
    public func decayed(_ weight: Double, lastWritten: Date, now: Date) -> Double {
        decayed(weight, elapsed: now.timeIntervalSince(lastWritten))
    }
}
