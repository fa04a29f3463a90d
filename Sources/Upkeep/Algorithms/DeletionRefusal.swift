/// The error of a cleanup step that the ``DeletionGuard`` stopped.
///
/// Its description states the numbers and how to go ahead anyway, for example: `deletion guard
/// refused to delete 120 of 1000 nodes (12.00%); at most 50 (5.00%) may be deleted per run. Run a
/// dry run to review the candidates, then rerun with force (JobOptions.force) or raise
/// maximumDeletionShare in the cleanup configuration`.
public struct DeletionRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// What would have been deleted: `nodes` or `relationships`.
    public var items: String
    /// How many items the step found to delete.
    public var candidates: Int
    /// How many such items the graph holds.
    public var total: Int
    /// How many the guard allows per run.
    public var allowance: Int
    /// The guard's maximum share.
    public var maximumShare: Double

    /// Creates a refusal.
    public init(items: String, candidates: Int, total: Int, allowance: Int, maximumShare: Double) {
        self.items = items
        self.candidates = candidates
        self.total = total
        self.allowance = allowance
        self.maximumShare = maximumShare
    }

    /// The numbers, the limit and how to go ahead anyway, in one message.
    public var description: String {
        let share = total > 0 ? Double(candidates) / Double(total) : 1
        return "deletion guard refused to delete \(candidates) of \(total) \(items) (\(Self.percent(share))); "
            + "at most \(allowance) (\(Self.percent(maximumShare))) may be deleted per run. "
            + "Run a dry run to review the candidates, then rerun with force (JobOptions.force) "
            + "or raise maximumDeletionShare in the cleanup configuration"
    }

    private static func percent(_ share: Double) -> String {
        let hundredths = Int((share * 10_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}
