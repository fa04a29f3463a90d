import Foundation

/// What one ``WeightPassStore/updateWeights(_:after:limit:)`` call did.
public struct WeightPassPage: Hashable, Sendable {
    /// Where the next page starts, or `nil` when the pass has visited every stale relationship.
    public var next: WeightPassPosition?
    /// The page's counts.
    public var totals: WeightPassTotals
    /// Relationships whose stored weight was NaN, infinite or outside `[0, 1]`, in the order met,
    /// at most ``WeightPass/problemLimit`` of them; the rest are only counted in ``totals``.
    public var problems: [WeightProblem]
    /// The ids of `User` endpoints of relationships that changed on this page, when the pass
    /// asked for them with ``WeightPass/collectsUsers``; a user may appear more than once.
    public var changedUsers: [String]

    /// Creates a page.
    public init(
        next: WeightPassPosition?,
        totals: WeightPassTotals = WeightPassTotals(),
        problems: [WeightProblem] = [],
        changedUsers: [String] = []
    ) {
        self.next = next
        self.totals = totals
        self.problems = problems
        self.changedUsers = changedUsers
    }
}

/// A relationship whose stored weight was not a valid weight.
public struct WeightProblem: Hashable, Sendable {
    /// The relationship.
    public var key: RelationshipKey
    /// The weight as stored.
    public var storedWeight: Double
    /// What was wrong with it.
    public var problem: StoredWeight.Problem

    /// Creates a problem report.
    public init(key: RelationshipKey, storedWeight: Double, problem: StoredWeight.Problem) {
        self.key = key
        self.storedWeight = storedWeight
        self.problem = problem
    }
}
