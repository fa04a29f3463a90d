import Foundation
import Upkeep

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
