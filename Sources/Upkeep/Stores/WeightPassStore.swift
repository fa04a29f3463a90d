import Foundation

/// A graph store that runs the relationships job's weight pass itself, one page at a time.
///
/// The portable pipeline of ``RelationshipsJob`` reads a page of ``Relationship`` values, asks
/// for their interaction counts, computes and writes the changed weights back: three store calls
/// and a value per relationship at every stage. A store that conforms to this protocol does the
/// same work where the data lives, in one call per page: it walks its stale relationships in an
/// order of its choosing, counts each one's interactions, evaluates it with
/// ``WeightPass/evaluate(storedWeight:updatedAt:boostedThrough:lastInteractionAt:tally:)`` and
/// writes what changed, without materialising keys it does not need.
///
/// The result must be the one the portable pipeline gives on the same data: the same weights,
/// `updatedAt`, `boostedThrough` and `lastInteractionAt` on every relationship, and the same
/// totals. `WeightPassConformance` in `UpkeepTesting` checks exactly that. The job uses this
/// protocol whenever the graph store conforms; a store wrapped in something that does not
/// conform (a fault injector, a tracing decorator) gets the portable pipeline.
public protocol WeightPassStore: GraphStore {
    /// Evaluates up to `limit` stale relationships after `position` and writes the changed ones.
    ///
    /// Stale means ``Relationship/updatedAt`` is before ``WeightPass/staleBefore``. Pages follow
    /// the store's own order, which must visit every relationship that was stale when the pass
    /// began exactly once, even if relationships are created or deleted between pages. In a dry
    /// run (``WeightPass/dryRun``) nothing is written and ``WeightPassTotals/written`` is 0.
    ///
    /// - Parameters:
    ///   - pass: what to compute, and when.
    ///   - position: where the previous page ended, or `nil` for the first page.
    ///   - limit: the most relationships to evaluate; at least 1.
    /// - Returns: the page's totals and where the next page starts.
    /// - Throws: ``StoreError`` when the store fails; writes of a page that failed are not
    ///   partially applied.
    func updateWeights(_ pass: WeightPass, after position: WeightPassPosition?, limit: Int) async throws
        -> WeightPassPage
}

extension StoreError {
    /// The error every ``WeightPassStore`` throws for a page `limit` below 1: code
    /// `invalidInput`, naming the limit.
    public static func weightPassLimit(_ limit: Int) -> StoreError {
        StoreError(
            .invalidInput, store: .graph, operation: "updateWeights",
            message: "page limit \(limit) is below 1")
    }
}

/// Where a ``WeightPassStore`` page ended: an opaque, store-defined position.
///
/// Pass it back unchanged to get the next page; its value means nothing outside the store that
/// made it.
public struct WeightPassPosition: Hashable, Sendable {
    /// The store's representation of the position.
    public var value: Int64

    /// Creates a position.
    public init(_ value: Int64) {
        self.value = value
    }
}
