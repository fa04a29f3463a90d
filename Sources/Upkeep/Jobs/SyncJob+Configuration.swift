import Foundation

extension SyncJob {
    /// How the sync job runs; every field has a default, and a missing key decodes to it.
    ///
    /// ```json
    /// {"overlapSeconds": 300, "verifiesConsistency": true, "consistencyScope": "rotating",
    ///  "consistencySliceSize": 4096, "repairsDrift": true, "bisectionLeafSize": 32,
    ///  "maximumDriftRanges": 256}
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
        /// How much of each kind's id space one check covers. Default ``ConsistencyScope/rotating``:
        /// a bounded slice per run, so the check's cost does not grow with the table.
        public var consistencyScope: ConsistencyScope
        /// With the rotating scope, the most ids within the source's bounds one run checks per
        /// kind; a kind of `n` ids is covered every `⌈n / consistencySliceSize⌉` runs. Ignored by
        /// the full scope. Default 4,096: the check step takes 10–30 ms on a 1,000,000-row SQLite
        /// table (about 1.2 s with the full scope), and a 600,000-id kind is covered in 147 runs,
        /// six days of hourly syncs.
        public var consistencySliceSize: Int
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
            consistencyScope: ConsistencyScope = .rotating,
            consistencySliceSize: Int = 4_096,
            repairsDrift: Bool = true,
            bisectionLeafSize: Int = 32,
            maximumDriftRanges: Int = 256
        ) {
            self.overlapSeconds = overlapSeconds.isFinite ? max(0, overlapSeconds) : 300
            self.verifiesConsistency = verifiesConsistency
            self.consistencyScope = consistencyScope
            self.consistencySliceSize = max(1, consistencySliceSize)
            self.repairsDrift = repairsDrift
            self.bisectionLeafSize = max(1, bisectionLeafSize)
            self.maximumDriftRanges = max(1, maximumDriftRanges)
        }

        /// The consistency check these settings describe.
        public var consistencyCheck: ConsistencyCheck {
            ConsistencyCheck(leafSize: bisectionLeafSize, maximumLeaves: maximumDriftRanges)
        }
    }

    /// How much of each kind's id space one consistency check covers.
    public enum ConsistencyScope: String, Hashable, Sendable, Codable, CaseIterable {
        /// One slice of ``Configuration/consistencySliceSize`` ids per kind and run, the next
        /// slice on the next run, so successive runs cover the whole table
        /// (``ConsistencyCheck/slice(bounds:from:size:)``); where each kind's next slice starts
        /// is stored with the sync checkpoint. Drift is found within one cycle of appearing.
        case rotating
        /// Every id on every run: O(table) digests, but drift is found on the next run.
        case full
    }
}

extension SyncJob.Configuration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case overlapSeconds, verifiesConsistency, consistencyScope, consistencySliceSize, repairsDrift
        case bisectionLeafSize, maximumDriftRanges
    }

    /// Decodes a configuration; missing keys take their defaults.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the key when a value is out of range: a
    ///   negative or non-finite overlap, a scope other than `rotating` or `full`, or a size
    ///   below 1; ``ConfigurationError`` when a key is not one of the settings.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let overlap = try container.decodeIfPresent(Double.self, forKey: .overlapSeconds)
        let verifies = try container.decodeIfPresent(Bool.self, forKey: .verifiesConsistency)
        let scopeName = try container.decodeIfPresent(String.self, forKey: .consistencyScope)
        let sliceSize = try container.decodeIfPresent(Int.self, forKey: .consistencySliceSize)
        let repairs = try container.decodeIfPresent(Bool.self, forKey: .repairsDrift)
        let leafSize = try container.decodeIfPresent(Int.self, forKey: .bisectionLeafSize)
        let ranges = try container.decodeIfPresent(Int.self, forKey: .maximumDriftRanges)

        if let overlap {
            let valid = overlap.isFinite && overlap >= 0
            try Self.require(valid, .overlapSeconds, in: container, "must be a number >= 0, got \(overlap)")
        }
        let scope = scopeName.flatMap(SyncJob.ConsistencyScope.init(rawValue:))
        if let scopeName {
            let names = SyncJob.ConsistencyScope.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            let problem = "must be \(names), got \"\(scopeName)\""
            try Self.require(scope != nil, .consistencyScope, in: container, problem)
        }
        if let sliceSize {
            let problem = "must be >= 1, got \(sliceSize)"
            try Self.require(sliceSize >= 1, .consistencySliceSize, in: container, problem)
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
            consistencyScope: scope ?? defaults.consistencyScope,
            consistencySliceSize: sliceSize ?? defaults.consistencySliceSize,
            repairsDrift: repairs ?? defaults.repairsDrift,
            bisectionLeafSize: leafSize ?? defaults.bisectionLeafSize,
            maximumDriftRanges: ranges ?? defaults.maximumDriftRanges)
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(overlapSeconds, forKey: .overlapSeconds)
        try container.encode(verifiesConsistency, forKey: .verifiesConsistency)
        try container.encode(consistencyScope, forKey: .consistencyScope)
        try container.encode(consistencySliceSize, forKey: .consistencySliceSize)
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
