/// One user's items on one day.
public struct UserDailyStatistics: Hashable, Sendable, Codable {
    /// The user's id (the id part of the `User` node key).
    public var userID: String
    /// Items the user created on the day.
    public var totalItems: Int
    /// Notes among them.
    public var notesCount: Int
    /// Events among them.
    public var eventsCount: Int

    /// Creates a user's statistics.
    public init(userID: String, totalItems: Int = 0, notesCount: Int = 0, eventsCount: Int = 0) {
        self.userID = userID
        self.totalItems = totalItems
        self.notesCount = notesCount
        self.eventsCount = eventsCount
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case totalItems = "total_items"
        case notesCount = "notes_count"
        case eventsCount = "events_count"
    }
}
