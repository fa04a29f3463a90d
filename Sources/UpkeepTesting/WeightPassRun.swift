import Upkeep

/// Drives a ``WeightPassStore`` through a whole pass, for the conformance checks.
struct WeightPassRun {
    /// The pages' totals, added up.
    var totals = WeightPassTotals()
    /// Every page's changed users, in order.
    var changedUsers: [String] = []
    /// Every page's problems, in order.
    var problems: [WeightProblem] = []

    /// Calls `updateWeights` from `position` until the store says the pass is done.
    ///
    /// - Throws: whatever the store throws, or a ``ConformanceFailure`` when a page exceeds the
    ///   limit, a position does not move forward, or the pass does not end within 10,000 pages.
    static func all(
        _ store: any WeightPassStore,
        pass: WeightPass,
        limit: Int,
        from position: WeightPassPosition? = nil
    ) async throws -> WeightPassRun {
        var run = WeightPassRun()
        var position = position
        for _ in 0..<10_000 {
            let page = try await store.updateWeights(pass, after: position, limit: limit)
            guard page.totals.scanned <= limit else {
                throw ConformanceFailure("a page evaluated \(page.totals.scanned) relationships, limit \(limit)")
            }
            guard page.problems.count <= pass.problemLimit else {
                throw ConformanceFailure("a page reported \(page.problems.count) problems, limit \(pass.problemLimit)")
            }
            run.totals.add(page.totals)
            run.changedUsers += page.changedUsers
            run.problems += page.problems

            guard let next = page.next else { return run }
            if let position, !(position.value < next.value) {
                throw ConformanceFailure("position \(next.value) is not after \(position.value)")
            }
            position = next
        }
        throw ConformanceFailure("a weight pass did not end after 10,000 pages")
    }
}
