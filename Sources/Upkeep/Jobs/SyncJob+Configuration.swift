import Foundation

extension SyncJob {
    /// How the sync job runs; every field has a default, and a missing key decodes to it.
    ///
    /// ```json
    /// {"overlapSeconds": 300, "verifiesConsistency": true, "bisectionLeafSize": 32}
    /// ```
    public struct Configuration: Hashable, Sendable {
        /// How far before the stored cursor each run starts reading, in seconds, so rows committed
        /// late with an older `updatedAt` are not missed. Default 300 (five minutes), well above
        /// the commit latency of a healthy database; re-read rows are upserted again, which is
        /// harmless. A row committed even later is found and repaired by the consistency check.
        /// 0 resumes exactly after the stored cursor.
        public var overlapSeconds: Double
        /// Whether every run ends with the consistency check. Default `true`.
        public var verifiesConsistency: Bool
        /// Whether drift the check finds is repaired; a dry run never repairs. Default `true`.
        public var repairsDrift: Bool
        /// The widest id range the check compares row by row instead of bisecting. Default 32.
        public var bisectionLeafSize: Int
        /// The most mismatched leaves examined per kind and run; a larger drift is reported as
        /// truncated and the rest is left to later runs. Default 256.
        public var maximumDriftRanges: Int

        /// Creates a configuration; out-of-range numbers are clamped to the nearest valid value.
        public init(
            overlapSeconds: Double = 300,
            verifiesConsistency: Bool = true,
            repairsDrift: Bool = true,
            bisectionLeafSize: Int = 32,
            maximumDriftRanges: Int = 256
        ) {
            self.overlapSeconds = overlapSeconds.isFinite ? max(0, overlapSeconds) : 300
            self.verifiesConsistency = verifiesConsistency
            self.repairsDrift = repairsDrift
            self.bisectionLeafSize = max(1, bisectionLeafSize)
            self.maximumDriftRanges = max(1, maximumDriftRanges)
        }

        /// The consistency check these settings describe.
        public var consistencyCheck: ConsistencyCheck {
            ConsistencyCheck(leafSize: bisectionLeafSize, maximumLeaves: maximumDriftRanges)
        }
    }
}

extension SyncJob.Configuration: Codable {
    private enum CodingKeys: String, CodingKey {
        case overlapSeconds, verifiesConsistency, repairsDrift, bisectionLeafSize, maximumDriftRanges
    }

    /// Decodes a configuration; missing keys take their defaults.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the key when a value is out of range: an
    ///   negative or non-finite overlap, or a size below 1.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let overlap = try container.decodeIfPresent(Double.self, forKey: .overlapSeconds)
        let verifies = try container.decodeIfPresent(Bool.self, forKey: .verifiesConsistency)
        let repairs = try container.decodeIfPresent(Bool.self, forKey: .repairsDrift)
        let leafSize = try container.decodeIfPresent(Int.self, forKey: .bisectionLeafSize)
        let ranges = try container.decodeIfPresent(Int.self, forKey: .maximumDriftRanges)

        if let overlap {
            let valid = overlap.isFinite && overlap >= 0
            try Self.require(valid, .overlapSeconds, in: container, "must be a number >= 0, got \(overlap)")
        }
        if let leafSize {
            try Self.require(leafSize >= 1, .bisectionLeafSize, in: container, "must be >= 1, got \(leafSize)")
        }
        if let ranges {
            try Self.require(ranges >= 1, .maximumDriftRanges, in: container, "must be >= 1, got \(ranges)")
        }

        let defaults = Self()
        self.init(
            overlapSeconds: overlap ?? defaults.overlapSeconds,
            verifiesConsistency: verifies ?? defaults.verifiesConsistency,
            repairsDrift: repairs ?? defaults.repairsDrift,
            bisectionLeafSize: leafSize ?? defaults.bisectionLeafSize,
            maximumDriftRanges: ranges ?? defaults.maximumDriftRanges)
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(overlapSeconds, forKey: .overlapSeconds)
        try container.encode(verifiesConsistency, forKey: .verifiesConsistency)
        try container.encode(repairsDrift, forKey: .repairsDrift)
        try container.encode(bisectionLeafSize, forKey: .bisectionLeafSize)
        try container.encode(maximumDriftRanges, forKey: .maximumDriftRanges)
    }

    private static func require(
        _ condition: Bool,
        _ key: CodingKeys,
        in container: KeyedDecodingContainer<CodingKeys>,
        _ problem: String
    ) throws {
        guard !condition else { return }
        throw DecodingError.dataCorruptedError(
            forKey: key, in: container,
            debugDescription: "sync configuration: \(key.stringValue) \(problem)")
    }
}
