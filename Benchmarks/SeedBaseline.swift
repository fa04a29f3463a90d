import Foundation
import Upkeep

/// What the seed design's relationships job does, kept as the baseline the decay scenarios
/// compare with.
///
/// Per edge, the seed runs one query counting the target's interactions in the last 30 days and
/// one UPDATE of the edge's weight, each its own round trip, and computes
/// `clamp(weight × stepDecay(age since createdAt) + min(count × 0.05, 0.3), 0, 1)`. The formula
/// keeps the seed's flaws (decay from `createdAt`, the same 30 days counted every run) on
/// purpose: the baseline reproduces the seed's work, not Upkeep's semantics.
enum SeedBaseline {
    /// How many edges a baseline pass handles; the rate is extrapolated to the whole graph.
    static let defaultSample = 20_000
    /// The seed's boost window.
    static let windowDays = 30.0

    /// An edge as the baseline reads it.
    struct Edge: Sendable {
        var uid: String
        var target: String
        var weight: Double
        var createdAt: Int64
    }

    /// The seed's new weight for an edge.
    static func weight(stored: Double, createdAt: Int64, interactions: Int, now: Date) -> Double {
        let ageDays = Double(now.epochMilliseconds - createdAt) / 86_400_000
        let decay: Double =
            switch ageDays {
            case ..<7: 1.0
            case ..<30: 0.9
            case ..<90: 0.7
            default: 0.5
            }
        let boost = min(Double(interactions) * 0.05, 0.3)
        return min(max(stored * decay + boost, 0), 1)
    }

    /// The start of the seed's boost window at `now`.
    static func windowStart(now: Date) -> Date {
        now.addingTimeInterval(-windowDays * 86_400)
    }
}
