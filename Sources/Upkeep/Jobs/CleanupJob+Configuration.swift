import Foundation

extension CleanupJob {
    /// The settings of the cleanup job, decodable from JSON in which every key is optional.
    ///
    /// ```json
    /// { "archiveAfterDays": 365, "pruneAfterDays": 365, "maximumDeletionShare": 0.05 }
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// Records created more than this many days ago are archived. Default 365.
        public var archiveAfterDays: Int
        /// The record kinds that are archived. Default `["note"]`.
        public var archiveKinds: [RecordKind]
        /// Orphans created, and weak edges last active, more than this many days ago are
        /// removed. Default 365.
        public var pruneAfterDays: Int
        /// The node labels whose orphans are removed. Default `["Note", "Event", "Tag"]`.
        public var orphanLabels: [NodeLabel]
        /// Relationships with a weight below this are weak. Default 0.1.
        public var weakWeightBelow: Double
        /// The largest share of the graph's nodes, or of its relationships, one run may delete
        /// without ``JobOptions/force``. Default 0.05.
        public var maximumDeletionShare: Double

        /// Creates a configuration; every parameter has the documented default.
        public init(
            archiveAfterDays: Int = CleanupPolicy.defaultArchiveAfterDays,
            archiveKinds: [RecordKind] = CleanupPolicy.defaultArchiveKinds,
            pruneAfterDays: Int = CleanupPolicy.defaultPruneAfterDays,
            orphanLabels: [NodeLabel] = CleanupPolicy.defaultOrphanLabels.sorted(),
            weakWeightBelow: Double = CleanupPolicy.defaultWeakWeightBelow,
            maximumDeletionShare: Double = DeletionGuard.defaultMaximumShare
        ) {
            self.archiveAfterDays = archiveAfterDays
            self.archiveKinds = archiveKinds
            self.pruneAfterDays = pruneAfterDays
            self.orphanLabels = orphanLabels
            self.weakWeightBelow = weakWeightBelow
            self.maximumDeletionShare = maximumDeletionShare
        }

        /// The cleanup policy these settings describe.
        ///
        /// - Throws: ``ParameterError`` naming the first setting out of range or an orphan label
        ///   that is not a valid identifier.
        public func policy() throws -> CleanupPolicy {
            if let label = orphanLabels.first(where: { !$0.isValid }) {
                throw ParameterError(
                    parameter: "cleanup.orphanLabels", value: "\"\(label.rawValue)\"",
                    requirement: "labels of ASCII letters, digits and underscores, starting with a letter")
            }
            do {
                return try CleanupPolicy(
                    archiveAfterDays: archiveAfterDays,
                    pruneAfterDays: pruneAfterDays,
                    weakWeightBelow: weakWeightBelow,
                    archiveKinds: archiveKinds,
                    orphanLabels: Set(orphanLabels)
                )
            } catch var error as ParameterError {
                error.parameter = "cleanup.\(error.parameter)"
                throw error
            }
        }

        /// The deletion guard these settings describe.
        ///
        /// - Throws: ``ParameterError`` when ``maximumDeletionShare`` is outside `[0, 1]`.
        public func deletionGuard() throws -> DeletionGuard {
            do {
                return try DeletionGuard(maximumShare: maximumDeletionShare)
            } catch var error as ParameterError {
                error.parameter = "cleanup.maximumDeletionShare"
                throw error
            }
        }
    }
}

extension CleanupJob.Configuration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case archiveAfterDays, archiveKinds, pruneAfterDays, orphanLabels, weakWeightBelow, maximumDeletionShare
    }

    /// Decodes a configuration; a missing key takes its default.
    ///
    /// - Throws: `DecodingError` when a present key has the wrong type; ``ConfigurationError``
    ///   when a key is not one of the settings.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        archiveAfterDays = try container.decode(.archiveAfterDays, default: defaults.archiveAfterDays)
        archiveKinds = try container.decode(.archiveKinds, default: defaults.archiveKinds)
        pruneAfterDays = try container.decode(.pruneAfterDays, default: defaults.pruneAfterDays)
        orphanLabels = try container.decode(.orphanLabels, default: defaults.orphanLabels)
        weakWeightBelow = try container.decode(.weakWeightBelow, default: defaults.weakWeightBelow)
        maximumDeletionShare = try container.decode(.maximumDeletionShare, default: defaults.maximumDeletionShare)
    }
}
