import Foundation

/// Settings for every job and schedule, loadable from one JSON file.
///
/// Every key is optional; a missing key takes its default. Unknown top-level keys are rejected so
/// a typo does not silently fall back to a default.
///
/// ```json
/// {
///   "batchSize": 500,
///   "relationships": { "halfLifeDays": 14 },
///   "cleanup": { "archiveAfterDays": 180 },
///   "service": { "workerCount": 4, "scheduler": { "schedules": [
///     { "job": "sync", "expression": "15 * * * *", "timeZone": "Europe/London" }
///   ] } }
/// }
/// ```
public struct UpkeepConfiguration: Sendable, Codable {
    /// Items per store call for every job.
    public var batchSize: Int
    /// The relationships job.
    public var relationships: RelationshipsJob.Configuration
    /// The sync job.
    public var sync: SyncJob.Configuration
    /// The cache warm-up job.
    public var cache: CacheJob.Configuration
    /// The statistics job.
    public var statistics: StatisticsJob.Configuration
    /// The cleanup job.
    public var cleanup: CleanupJob.Configuration
    /// Schedules, workers and retries for `upkeep run`.
    public var service: UpkeepServiceConfiguration

    /// Creates the default configuration.
    public init() {
        batchSize = 1_000
        relationships = .init()
        sync = .init()
        cache = .init()
        statistics = .init()
        cleanup = .init()
        service = .init()
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case batchSize, relationships, sync, cache, statistics, cleanup, service
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let defaults = UpkeepConfiguration()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        batchSize = try container.decode(.batchSize, default: defaults.batchSize)
        relationships =
            try container.decode(.relationships, default: defaults.relationships)
        sync = try container.decode(.sync, default: defaults.sync)
        cache = try container.decode(.cache, default: defaults.cache)
        statistics =
            try container.decode(.statistics, default: defaults.statistics)
        cleanup = try container.decode(.cleanup, default: defaults.cleanup)
        service =
            try container.decode(.service, default: defaults.service)
        guard batchSize > 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .batchSize, in: container, debugDescription: "must be a positive integer, got \(batchSize)")
        }
    }

    /// The five jobs built from this configuration, by name.
    public var jobs: [JobName: any Job] {
        [
            .relationships: RelationshipsJob(configuration: relationships),
            .sync: SyncJob(configuration: sync),
            .cache: CacheJob(configuration: cache),
            .statistics: StatisticsJob(configuration: statistics),
            .cleanup: CleanupJob(configuration: cleanup),
        ]
    }

    /// Checks what decoding alone cannot: job parameters within their ranges and schedules with
    /// valid cron expressions and time zones.
    ///
    /// - Throws: ``ConfigurationError`` naming the section and what is wrong.
    public func validate(file: String? = nil) throws {
        func check(_ keyPath: String, _ body: () throws -> Void) throws {
            do {
                try body()
            } catch {
                throw ConfigurationError(
                    .invalidValue, file: file, keyPath: keyPath, message: String(describing: error))
            }
        }
        try check("relationships") {
            _ = try relationships.weightUpdate()
            _ = try relationships.minimumAge()
        }
        try check("cleanup") {
            _ = try cleanup.policy()
            _ = try cleanup.deletionGuard()
        }
        try check("service.scheduler") { _ = try service.scheduler.resolved() }
    }

    /// Options for a run of any job under this configuration.
    public func options(dryRun: Bool = false, force: Bool = false) -> JobOptions {
        JobOptions(batchSize: batchSize, dryRun: dryRun, force: force)
    }

    /// Decodes a configuration from JSON and validates it.
    ///
    /// - Throws: ``ConfigurationError`` naming `file` and the key path of the first bad value.
    public static func decode(_ data: Data, file: String? = nil) throws -> UpkeepConfiguration {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigurationError(
                .malformed, file: file, keyPath: "", message: "not valid JSON (\(error.localizedDescription))")
        }
        guard object is [String: Any] else {
            throw ConfigurationError(
                .malformed, file: file, keyPath: "", message: "expected a JSON object at the top level")
        }

        let configuration: UpkeepConfiguration
        do {
            configuration = try JSONDecoder().decode(UpkeepConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(decoding: error, file: file)
        } catch var error as ConfigurationError {
            error.file = file
            throw error
        }
        try configuration.validate(file: file)
        return configuration
    }

    /// Reads and decodes a configuration file.
    ///
    /// - Throws: ``ConfigurationError`` when the file cannot be read or holds a bad value.
    public static func load(contentsOf url: URL) throws -> UpkeepConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(.unreadable, file: url.path, keyPath: "", message: "cannot read the file")
        }
        return try decode(data, file: url.path)
    }
}

extension ConfigurationError {
    /// A coding path as a dotted key path, array indexes in brackets: `service.schedules.[0].job`.
    static func keyPath(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// Translates a decoding error into a message with a dotted key path.
    init(decoding error: DecodingError, file: String?) {
        let path = Self.keyPath
        switch error {
        case .typeMismatch(let type, let context):
            self.init(
                .invalidValue, file: file, keyPath: path(context.codingPath),
                message: "expected a value of type \(type)")
        case .valueNotFound(let type, let context):
            self.init(
                .invalidValue, file: file, keyPath: path(context.codingPath), message: "expected a \(type), found null")
        case .keyNotFound(let key, let context):
            self.init(
                .invalidValue, file: file, keyPath: path(context.codingPath + [key]), message: "required key is missing"
            )
        case .dataCorrupted(let context):
            self.init(.invalidValue, file: file, keyPath: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(.invalidValue, file: file, keyPath: "", message: String(describing: error))
        }
    }
}
