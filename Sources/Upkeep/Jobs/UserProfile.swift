import Foundation

/// A user's profile as cached under `profile:<userID>` by the statistics job.
///
/// Encodes with the seed's field names (`user_id`, `total_items`, `engagement_score`,
/// `current_streak`, `updated_at`) plus `recent_items`, `longest_streak` and `time_zone`.
public struct UserProfile: Hashable, Sendable, Codable {
    /// The user's id: the id part of the `User` node key.
    public var userID: String
    /// All items the user owns.
    public var totalItems: Int
    /// Items created in the recent window.
    public var recentItems: Int
    /// The engagement score, `recent × 100 / (total + 1)`.
    public var engagementScore: Double
    /// Consecutive active days ending today or yesterday in the user's time zone.
    public var currentStreak: Int
    /// The longest run of consecutive active days.
    public var longestStreak: Int
    /// The identifier of the time zone the streaks were computed in.
    public var timeZone: String
    /// When the profile was computed.
    public var updatedAt: Date

    /// Creates a profile from a user's engagement.
    public init(user: NodeKey, engagement: Engagement, timeZone: String, updatedAt: Date) {
        self.userID = user.id
        self.totalItems = engagement.totalItems
        self.recentItems = engagement.recentItems
        self.engagementScore = engagement.score
        self.currentStreak = engagement.streak.current
        self.longestStreak = engagement.streak.longest
        self.timeZone = timeZone
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case totalItems = "total_items"
        case recentItems = "recent_items"
        case engagementScore = "engagement_score"
        case currentStreak = "current_streak"
        case longestStreak = "longest_streak"
        case timeZone = "time_zone"
        case updatedAt = "updated_at"
    }
}
