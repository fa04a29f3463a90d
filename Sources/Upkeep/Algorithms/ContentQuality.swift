import Foundation

/// A content quality score in `[0, 1]` for one note or event, from five documented features.
///
/// Each feature becomes a sub-score in `[0, 1]`, and the score is their weighted sum divided by
/// the sum of the weights:
///
/// - **title**: 0 without a title; otherwise `0.5 + 0.5 × min(titleLength / titleTarget, 1)`.
/// - **content**: `min(contentLength / contentTarget, 1)`.
/// - **tags**: `min(tagCount / tagTarget, 1)`.
/// - **links**: `min(linkCount / linkTarget, 1)`, links being relationships other than
///   `CREATED` and `TAGGED_WITH`.
/// - **recency**: `0.5 ^ (ageDays / recencyHalfLifeDays)`, age measured from the last update.
///
/// Default weights are 0.20 title, 0.35 content, 0.15 tags, 0.15 links, 0.15 recency. The score
/// is non-decreasing in title length, content length, tag count and link count, and
/// non-increasing in age. Lengths count characters (grapheme clusters). O(1) per item.
public struct ContentQuality: Hashable, Sendable {
    /// The weight of the title sub-score.
    public var titleWeight: Double
    /// The weight of the content sub-score.
    public var contentWeight: Double
    /// The weight of the tags sub-score.
    public var tagWeight: Double
    /// The weight of the links sub-score.
    public var linkWeight: Double
    /// The weight of the recency sub-score.
    public var recencyWeight: Double
    /// The title length, in characters, at which the title sub-score reaches 1.
    public var titleTarget: Int
    /// The content length, in characters, at which the content sub-score reaches 1.
    public var contentTarget: Int
    /// The tag count at which the tags sub-score reaches 1.
    public var tagTarget: Int
    /// The link count at which the links sub-score reaches 1.
    public var linkTarget: Int
    /// The age, in days, at which the recency sub-score halves.
    public var recencyHalfLifeDays: Double

    /// Creates a model; the defaults are the documented ones.
    public init(
        titleWeight: Double = 0.20,
        contentWeight: Double = 0.35,
        tagWeight: Double = 0.15,
        linkWeight: Double = 0.15,
        recencyWeight: Double = 0.15,
        titleTarget: Int = 30,
        contentTarget: Int = 500,
        tagTarget: Int = 3,
        linkTarget: Int = 3,
        recencyHalfLifeDays: Double = 90
    ) {
        self.titleWeight = titleWeight
        self.contentWeight = contentWeight
        self.tagWeight = tagWeight
        self.linkWeight = linkWeight
        self.recencyWeight = recencyWeight
        self.titleTarget = titleTarget
        self.contentTarget = contentTarget
        self.tagTarget = tagTarget
        self.linkTarget = linkTarget
        self.recencyHalfLifeDays = recencyHalfLifeDays
    }

    /// The score of an item with `features`, in `[0, 1]`; 0 when every weight is 0.
    ///
    /// Negative or non-finite weights count as 0; targets below 1 count as 1.
    public func score(_ features: ContentFeatures) -> Double {
        let parts: [(weight: Double, value: Double)] = [
            (titleWeight, titleScore(features.titleLength)),
            (contentWeight, Self.saturating(features.contentLength, target: contentTarget)),
            (tagWeight, Self.saturating(features.tagCount, target: tagTarget)),
            (linkWeight, Self.saturating(features.linkCount, target: linkTarget)),
            (recencyWeight, recencyScore(ageDays: features.ageDays)),
        ]
        let weights = parts.map { $0.weight.isFinite ? max(0, $0.weight) : 0 }
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }

        let weighted = zip(weights, parts).reduce(0) { $0 + $1.0 * $1.1.value }
        return min(1, max(0, weighted / total))
    }

    private func titleScore(_ length: Int) -> Double {
        length > 0 ? 0.5 + 0.5 * Self.saturating(length, target: titleTarget) : 0
    }

    private func recencyScore(ageDays: Double) -> Double {
        guard ageDays.isFinite, recencyHalfLifeDays.isFinite, recencyHalfLifeDays > 0 else {
            return ageDays.isFinite && ageDays <= 0 ? 1 : 0
        }
        return pow(0.5, max(0, ageDays) / recencyHalfLifeDays)
    }

    private static func saturating(_ value: Int, target: Int) -> Double {
        min(Double(max(0, value)) / Double(max(1, target)), 1)
    }
}

extension ContentQuality: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case titleWeight, contentWeight, tagWeight, linkWeight, recencyWeight
        case titleTarget, contentTarget, tagTarget, linkTarget, recencyHalfLifeDays
    }

    /// Decodes a model, using the default for every missing field.
    ///
    /// - Throws: `DecodingError` when a field has the wrong type, ``ConfigurationError`` when a
    ///   key is not one of the settings.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()

        self.init(
            titleWeight: try container.decode(.titleWeight, default: defaults.titleWeight),
            contentWeight: try container.decode(.contentWeight, default: defaults.contentWeight),
            tagWeight: try container.decode(.tagWeight, default: defaults.tagWeight),
            linkWeight: try container.decode(.linkWeight, default: defaults.linkWeight),
            recencyWeight: try container.decode(.recencyWeight, default: defaults.recencyWeight),
            titleTarget: try container.decode(.titleTarget, default: defaults.titleTarget),
            contentTarget: try container.decode(.contentTarget, default: defaults.contentTarget),
            tagTarget: try container.decode(.tagTarget, default: defaults.tagTarget),
            linkTarget: try container.decode(.linkTarget, default: defaults.linkTarget),
            recencyHalfLifeDays: try container.decode(.recencyHalfLifeDays, default: defaults.recencyHalfLifeDays))
    }
}
