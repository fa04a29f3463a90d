import Foundation

extension StatisticsJob {
    /// What the statistics job computes and how long its cache entries live.
    ///
    /// Every field has a default, and decoding JSON that leaves a field out uses its default, so
    /// `{}` is a complete configuration. A TTL of 0 seconds or less writes entries that never
    /// expire.
    public struct Configuration: Hashable, Sendable {
        /// The time zone, as an IANA identifier, that defines "yesterday" for the daily statistics
        /// and the days of users without their own zone. Default `UTC`.
        ///
        /// A user's own zone, from the `timeZone` property of their `User` node, wins for their
        /// streaks.
        public var timeZone: String
        /// The labels of the items users create. Default `Note` and `Event`.
        public var itemLabels: Set<NodeLabel>
        /// How many days count as recent for the engagement score. Default 30.
        public var recentDays: Int
        /// How many days before today get daily statistics, ending yesterday. Default 1; a
        /// larger value recomputes recent days, for example after the job missed runs.
        public var dailyStatisticsDays: Int
        /// How long daily statistics stay cached, in seconds. Default 30 days.
        public var dailyStatisticsTTLSeconds: Int
        /// The node property that holds an item's body text. Default `content`.
        public var contentProperty: String
        /// The content quality model: weights and targets. Default ``ContentQuality/init()``.
        public var quality: ContentQuality
        /// How many of the lowest-scoring items the quality report lists. Default 20.
        public var qualityLowestCount: Int
        /// How long the content quality report stays cached, in seconds. Default 30 days.
        public var qualityReportTTLSeconds: Int
        /// The most recommendations kept per user. Default 10.
        public var recommendationLimit: Int
        /// Relationships weaker than this are not walked for recommendations. Default 0.1.
        public var recommendationMinimumWeight: Double
        /// The labels a recommended node may have. Default `Note`, `Event` and `Tag`.
        public var recommendationLabels: Set<NodeLabel>
        /// How long recommendations stay cached, in seconds. Default 1 day.
        public var recommendationTTLSeconds: Int
        /// How long user profiles stay cached, in seconds. Default 1 day.
        public var profileTTLSeconds: Int

        /// Creates a configuration; every parameter defaults to the documented value.
        public init(
            timeZone: String = "UTC",
            itemLabels: Set<NodeLabel> = [.note, .event],
            recentDays: Int = Engagement.defaultRecentDays,
            dailyStatisticsDays: Int = 1,
            dailyStatisticsTTLSeconds: Int = 30 * 86_400,
            contentProperty: String = "content",
            quality: ContentQuality = ContentQuality(),
            qualityLowestCount: Int = 20,
            qualityReportTTLSeconds: Int = 30 * 86_400,
            recommendationLimit: Int = 10,
            recommendationMinimumWeight: Double = 0.1,
            recommendationLabels: Set<NodeLabel> = [.note, .event, .tag],
            recommendationTTLSeconds: Int = 86_400,
            profileTTLSeconds: Int = 86_400
        ) {
            self.timeZone = timeZone
            self.itemLabels = itemLabels
            self.recentDays = recentDays
            self.dailyStatisticsDays = dailyStatisticsDays
            self.dailyStatisticsTTLSeconds = dailyStatisticsTTLSeconds
            self.contentProperty = contentProperty
            self.quality = quality
            self.qualityLowestCount = qualityLowestCount
            self.qualityReportTTLSeconds = qualityReportTTLSeconds
            self.recommendationLimit = recommendationLimit
            self.recommendationMinimumWeight = recommendationMinimumWeight
            self.recommendationLabels = recommendationLabels
            self.recommendationTTLSeconds = recommendationTTLSeconds
            self.profileTTLSeconds = profileTTLSeconds
        }

        /// The configured time zone.
        ///
        /// - Throws: ``StatisticsJob/ConfigurationError`` naming the identifier when the system
        ///   does not know it.
        public func resolvedTimeZone() throws -> TimeZone {
            guard let zone = TimeZone(identifier: timeZone) else {
                throw ConfigurationError(
                    field: "timeZone", value: timeZone, reason: "not a known time zone identifier")
            }
            return zone
        }
    }

    /// A configuration value the statistics job cannot use.
    public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The configuration field, for example `timeZone`.
        public var field: String
        /// The offending value.
        public var value: String
        /// What is wrong with it.
        public var reason: String

        /// Creates an error.
        public init(field: String, value: String, reason: String) {
            self.field = field
            self.value = value
            self.reason = reason
        }

        public var description: String {
            "statistics job configuration: \(field) '\(value)' is \(reason)"
        }
    }
}

extension StatisticsJob.Configuration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case timeZone, itemLabels, recentDays, dailyStatisticsDays, dailyStatisticsTTLSeconds, contentProperty
        case quality, qualityLowestCount, qualityReportTTLSeconds, recommendationLimit
        case recommendationMinimumWeight, recommendationLabels, recommendationTTLSeconds, profileTTLSeconds
    }

    /// Decodes a configuration, using the default for every missing field.
    ///
    /// - Throws: `DecodingError` when a field has the wrong type, or `timeZone` names no known
    ///   time zone; ``ConfigurationError`` when a key is not one of the settings.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()

        self.init(
            timeZone: try container.decode(.timeZone, default: defaults.timeZone),
            itemLabels: try container.decode(.itemLabels, default: defaults.itemLabels),
            recentDays: try container.decode(.recentDays, default: defaults.recentDays),
            dailyStatisticsDays: try container.decode(.dailyStatisticsDays, default: defaults.dailyStatisticsDays),
            dailyStatisticsTTLSeconds: try container.decode(
                .dailyStatisticsTTLSeconds, default: defaults.dailyStatisticsTTLSeconds),
            contentProperty: try container.decode(.contentProperty, default: defaults.contentProperty),
            quality: try container.decode(.quality, default: defaults.quality),
            qualityLowestCount: try container.decode(.qualityLowestCount, default: defaults.qualityLowestCount),
            qualityReportTTLSeconds: try container.decode(
                .qualityReportTTLSeconds, default: defaults.qualityReportTTLSeconds),
            recommendationLimit: try container.decode(.recommendationLimit, default: defaults.recommendationLimit),
            recommendationMinimumWeight: try container.decode(
                .recommendationMinimumWeight, default: defaults.recommendationMinimumWeight),
            recommendationLabels: try container.decode(.recommendationLabels, default: defaults.recommendationLabels),
            recommendationTTLSeconds: try container.decode(
                .recommendationTTLSeconds, default: defaults.recommendationTTLSeconds),
            profileTTLSeconds: try container.decode(.profileTTLSeconds, default: defaults.profileTTLSeconds))

        guard TimeZone(identifier: timeZone) != nil else {
            throw DecodingError.dataCorruptedError(
                forKey: .timeZone, in: container,
                debugDescription: "'\(timeZone)' is not a known time zone identifier")
        }
    }
}
