/// What one weight update computed for one relationship.
///
/// A plain value with no references, so the relationships job's per-relationship loop copies it
/// for free.
public struct WeightOutcome: Hashable, Sendable {
    /// The new weight, in `[0, 1]`.
    public var weight: Double
    /// The sanitised stored weight after decay, before the boost.
    public var decayed: Double
    /// The boost added, in `[0, cap]`.
    public var boost: Double
    /// How many interactions the tally counted.
    public var interactions: Int
    /// What was wrong with the stored weight, if anything.
    public var problem: StoredWeight.Problem?

    /// Creates an outcome.
    public init(weight: Double, decayed: Double, boost: Double, interactions: Int, problem: StoredWeight.Problem?) {
        self.weight = weight
        self.decayed = decayed
        self.boost = boost
        self.interactions = interactions
        self.problem = problem
    }
}
