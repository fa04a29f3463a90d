import Foundation

/// What the cleanup job archives and prunes: thresholds, cutoffs and the rules that use them.
///
/// The rules, with `archiveCutoff = now − archiveAfterDays` and
/// `pruneCutoff = now − pruneAfterDays` (a day is 86,400 seconds; cutoffs ignore calendars and
/// daylight saving):
///
/// - **Archive candidate**: a record of one of ``archiveKinds`` that is active, not starred, and
///   created strictly before `archiveCutoff` (``RecordStore/archiveCandidates(kind:createdBefore:after:limit:)``).
/// - **Orphan**: a node labelled one of ``orphanLabels`` with no relationship at all, created
///   strictly before `pruneCutoff` (``GraphStore/orphanNodes(labels:createdBefore:after:limit:)``).
/// - **Weak edge**: a relationship whose weight is strictly below ``weakWeightBelow`` and whose
///   last activity (its latest interaction, or its creation when it has none) is strictly
///   before `pruneCutoff` (``GraphStore/weakRelationships(weightBelow:inactiveSince:after:limit:)``).
///   The seed filtered on the weight's last write instead; the relationships job rewrites every
///   decayed weight on every run, so under that rule no edge would ever be old enough to prune.
///
/// The predicates on this type state the rules for one item, so tests and store implementations
/// can check a store's answers against them.
public struct CleanupPolicy: Hashable, Sendable {
    /// The seed's threshold: records older than a year are archived.
    public static let defaultArchiveAfterDays = 365
    /// The seed's cutoff for orphans and weak edges: the same year.
    public static let defaultPruneAfterDays = 365
    /// The seed's weak-edge threshold.
    public static let defaultWeakWeightBelow = 0.1
    /// The kinds archived by default: notes, as in the seed.
    public static let defaultArchiveKinds: [RecordKind] = [.note]
    /// The labels whose orphans are removed, as in the seed.
    public static let defaultOrphanLabels: Set<NodeLabel> = [.note, .event, .tag]

    /// The seed's policy: archive notes after a year, prune orphans and weak edges after a year.
    public static let standard = CleanupPolicy(
        validatedArchiveAfterDays: defaultArchiveAfterDays,
        pruneAfterDays: defaultPruneAfterDays,
        weakWeightBelow: defaultWeakWeightBelow,
        archiveKinds: defaultArchiveKinds,
        orphanLabels: defaultOrphanLabels
    )

    /// Records created more than this many days ago are archived.
    public let archiveAfterDays: Int
    /// Orphans created, and weak edges last active, more than this many days ago are removed.
    public let pruneAfterDays: Int
    /// Relationships with a weight below this are weak.
    public let weakWeightBelow: Double
    /// The record kinds that are archived.
    public let archiveKinds: [RecordKind]
    /// The node labels whose orphans are removed.
    public let orphanLabels: Set<NodeLabel>

    /// Creates a policy.
    ///
    /// - Throws: ``ParameterError`` when a number of days is below 1 or `weakWeightBelow` is
    ///   outside `[0, 1]`.
    public init(
        archiveAfterDays: Int = CleanupPolicy.defaultArchiveAfterDays,
        pruneAfterDays: Int = CleanupPolicy.defaultPruneAfterDays,
        weakWeightBelow: Double = CleanupPolicy.defaultWeakWeightBelow,
        archiveKinds: [RecordKind] = CleanupPolicy.defaultArchiveKinds,
        orphanLabels: Set<NodeLabel> = CleanupPolicy.defaultOrphanLabels
    ) throws {
        try Self.requireDays(archiveAfterDays, "archiveAfterDays")
        try Self.requireDays(pruneAfterDays, "pruneAfterDays")
        try ParameterError.requireUnitInterval(weakWeightBelow, "weakWeightBelow")
        self.init(
            validatedArchiveAfterDays: archiveAfterDays,
            pruneAfterDays: pruneAfterDays,
            weakWeightBelow: weakWeightBelow,
            archiveKinds: archiveKinds,
            orphanLabels: orphanLabels
        )
    }

    private init(
        validatedArchiveAfterDays archiveAfterDays: Int,
        pruneAfterDays: Int,
        weakWeightBelow: Double,
        archiveKinds: [RecordKind],
        orphanLabels: Set<NodeLabel>
    ) {
        self.archiveAfterDays = archiveAfterDays
        self.pruneAfterDays = pruneAfterDays
        self.weakWeightBelow = weakWeightBelow
        self.archiveKinds = archiveKinds
        self.orphanLabels = orphanLabels
    }

    // MARK: - Cutoffs

    /// Records created before this instant are archive candidates.
    public func archiveCutoff(now: Date) -> Date {
        now.addingTimeInterval(-Double(archiveAfterDays) * 86_400)
    }

    /// Orphans created, and weak edges last active, before this instant are removed.
    public func pruneCutoff(now: Date) -> Date {
        now.addingTimeInterval(-Double(pruneAfterDays) * 86_400)
    }

    // MARK: - Rules

    /// Whether `record` is to be archived at `now`.
    public func isArchiveCandidate(_ record: Record, now: Date) -> Bool {
        archiveKinds.contains(record.kind) && record.status == .active && !record.isStarred
            && record.createdAt < archiveCutoff(now: now)
    }

    /// Whether `node`, which has `relationshipCount` relationships, is an orphan to remove at `now`.
    public func isOrphan(_ node: Node, relationshipCount: Int, now: Date) -> Bool {
        orphanLabels.contains(node.key.label) && relationshipCount == 0 && node.createdAt < pruneCutoff(now: now)
    }

    /// Whether `relationship` is a weak edge to remove at `now`.
    public func isWeak(_ relationship: Relationship, now: Date) -> Bool {
        let lastActive = max(relationship.createdAt, relationship.lastInteractionAt ?? relationship.createdAt)
        return relationship.weight < weakWeightBelow && lastActive < pruneCutoff(now: now)
    }

    private static func requireDays(_ days: Int, _ parameter: String) throws {
        guard days >= 1 else {
            throw ParameterError(parameter: parameter, value: "\(days)", requirement: "1 or more")
        }
    }
}
