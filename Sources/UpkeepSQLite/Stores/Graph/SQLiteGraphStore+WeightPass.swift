import Foundation
import Upkeep

extension SQLiteGraphStore: WeightPassStore {
    /// Evaluates up to `limit` stale relationships after `position` in `relationship_weights`
    /// id order and writes the changed ones, as one hop to the connection's queue and one
    /// transaction.
    ///
    /// The page is one range walk of the narrow weights table's integer key, joined with each
    /// row's target to read its `latest_at`; only a relationship whose target had an interaction
    /// inside its window probes `interactions_by_target`. Changed rows are then rewritten by one
    /// UPDATE over the page's id range, so the writes touch the pages the walk just read. A position is
    /// the last id evaluated; a relationship created later gets a larger id, and one whose weight
    /// was written has `updatedAt` at ``Upkeep/WeightPass/now`` and is no longer stale, so every
    /// relationship stale when the pass began is evaluated once. A dry run reads on the reader
    /// connection and writes nothing.
    ///
    /// Complexity: O(log n + limit) per page for the walk and the UPDATE (plus O(log t) per row
    /// for its target's `latest_at`), plus O(log m + k) per probed window of k interactions.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` when `limit` is below 1, or as
    ///   SQLite fails; a failed page's transaction is rolled back, so none of its writes remain.
    public func updateWeights(
        _ pass: WeightPass,
        after position: WeightPassPosition?,
        limit: Int
    ) async throws -> WeightPassPage {
        guard limit > 0 else { throw StoreError.weightPassLimit(limit) }
        let page = SQLiteWeightPage(pass: pass, after: position?.value ?? 0, limit: limit)
        if pass.dryRun {
            return try await access.read("updateWeights") { session in try page.run(in: session) }
        }
        return try await access.write("updateWeights") { session in try page.run(in: session) }
    }
}
