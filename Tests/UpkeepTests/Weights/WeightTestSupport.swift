import Foundation
import Upkeep

/// SplitMix64: a tiny seeded generator, so randomised tests are reproducible.
struct WeightTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Fixtures shared by the weight tests.
enum WeightFixtures {
    static let day: TimeInterval = 86_400
    static let start = Date(epochMilliseconds: 1_767_225_600_000)

    static func key(_ note: Int64, tag: Int64 = 1) -> RelationshipKey {
        RelationshipKey(.taggedWith, from: NodeKey(.note, note), to: NodeKey(.tag, tag))
    }

    static func relationship(
        weight: Double,
        writtenDaysAgo days: Double,
        now: Date = start,
        boostedThrough: Date? = nil
    ) -> Relationship {
        let written = now.addingTimeInterval(-days * day)
        return Relationship(
            key: key(1), weight: weight, createdAt: written, updatedAt: written, boostedThrough: boostedThrough)
    }

    /// Counts `occurredAt` values in `(window.after, window.through]`, as a graph store would.
    static func tally(_ times: [Date], in window: InteractionWindow) -> InteractionTally {
        let counted = times.filter { time in
            time <= window.through && (window.after.map { time > $0 } ?? true)
        }
        return InteractionTally(count: counted.count, latest: counted.max())
    }
}

extension WeightUpdate {
    /// The outcome for `relationship` and the write that stores it, as the job computes them.
    func apply(_ relationship: Relationship, tally: InteractionTally, now: Date) -> (WeightOutcome, WeightWrite?) {
        let outcome = outcome(for: relationship, tally: tally, now: now)
        return (outcome, write(for: relationship, outcome: outcome, tally: tally, now: now))
    }
}
