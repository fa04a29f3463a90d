import Foundation

/// Stops a cleanup run that would delete an unexpectedly large share of the graph.
///
/// A destructive step first counts its candidates, then asks the guard, then deletes. The guard
/// allows a deletion when `candidates ≤ ⌊maximumShare × total⌋`, where `total` is how many
/// nodes (or relationships) the graph holds before the step. The default share is 5 percent: a
/// weekly cleanup of a healthy graph removes far less, so more than that points at a bug or a bad
/// import (say, every relationship's weight written as 0) rather than at stale data. A run with
/// ``JobOptions/force`` deletes anyway, and the step notes that the guard was overridden.
///
/// Complexity: O(1).
public struct DeletionGuard: Hashable, Sendable {
    /// The decision for one destructive step.
    public enum Verdict: Hashable, Sendable {
        /// The deletion is within the allowed share.
        case allowed
        /// The deletion exceeds the allowed share but the run is forced.
        case forced
        /// The deletion exceeds the allowed share and must not happen.
        case refused
    }

    /// The default share: 5 percent of the graph's nodes or relationships per run.
    public static let defaultMaximumShare = 0.05

    /// The guard with the default share.
    public static let standard = DeletionGuard(validatedMaximumShare: defaultMaximumShare)

    /// The largest share of the graph's nodes, or of its relationships, one run may delete.
    public let maximumShare: Double

    /// Creates a guard.
    ///
    /// - Throws: ``ParameterError`` when `maximumShare` is outside `[0, 1]`.
    public init(maximumShare: Double = DeletionGuard.defaultMaximumShare) throws {
        try ParameterError.requireUnitInterval(maximumShare, "maximumShare")
        self.init(validatedMaximumShare: maximumShare)
    }

    private init(validatedMaximumShare maximumShare: Double) {
        self.maximumShare = maximumShare
    }

    /// How many of `total` items one run may delete: `⌊maximumShare × total⌋`.
    public func allowance(of total: Int) -> Int {
        guard total > 0 else { return 0 }
        // The relative nudge keeps products such as 0.29 × 100 = 28.999999999999996 from
        // rounding down a whole item.
        return Int((maximumShare * Double(total) * (1 + 1e-12)).rounded(.down))
    }

    /// The decision for deleting `candidates` of `total` items.
    public func verdict(deleting candidates: Int, of total: Int, force: Bool) -> Verdict {
        if candidates <= allowance(of: total) { return .allowed }
        return force ? .forced : .refused
    }

    /// Returns the verdict for deleting `candidates` of `total` `items`, unless it is a refusal.
    ///
    /// - Throws: ``DeletionRefusal`` when the deletion exceeds the allowed share and `force` is
    ///   false.
    @discardableResult
    public func check(deleting candidates: Int, of total: Int, items: String, force: Bool) throws -> Verdict {
        let verdict = verdict(deleting: candidates, of: total, force: force)
        guard verdict != .refused else {
            throw refusal(deleting: candidates, of: total, items: items)
        }
        return verdict
    }

    /// The error describing a refusal to delete `candidates` of `total` `items`.
    public func refusal(deleting candidates: Int, of total: Int, items: String) -> DeletionRefusal {
        DeletionRefusal(
            items: items, candidates: candidates, total: total, allowance: allowance(of: total),
            maximumShare: maximumShare)
    }
}
