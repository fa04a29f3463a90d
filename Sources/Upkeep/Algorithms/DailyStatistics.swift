import Foundation

/// What users created on one calendar day in one time zone: the seed's daily statistics.
///
/// Encodes to the seed's JSON shape (`date`, `total_users`, `total_items`, `total_notes`,
/// `total_events`, `user_stats`) plus `time_zone` and `unowned_items`. Totals count every item
/// created on the day; `user_stats` breaks down the items that have an owner, so
/// `total_items` equals the sum of the users' `total_items` plus `unowned_items`.
public struct DailyStatistics: Hashable, Sendable, Codable {
    /// The day, in ``timeZone``.
    public var date: CalendarDay
    /// The identifier of the time zone that defines the day, for example `Europe/Berlin`.
    public var timeZone: String
    /// Users who created at least one item on the day.
    public var totalUsers: Int
    /// Items created on the day.
    public var totalItems: Int
    /// Notes created on the day.
    public var totalNotes: Int
    /// Events created on the day.
    public var totalEvents: Int
    /// Items created on the day that have no owner.
    public var unownedItems: Int
    /// One entry per active user, ordered by user key.
    public var userStats: [UserDailyStatistics]

    /// Creates statistics from their parts.
    public init(
        date: CalendarDay,
        timeZone: String,
        totalUsers: Int = 0,
        totalItems: Int = 0,
        totalNotes: Int = 0,
        totalEvents: Int = 0,
        unownedItems: Int = 0,
        userStats: [UserDailyStatistics] = []
    ) {
        self.date = date
        self.timeZone = timeZone
        self.totalUsers = totalUsers
        self.totalItems = totalItems
        self.totalNotes = totalNotes
        self.totalEvents = totalEvents
        self.unownedItems = unownedItems
        self.userStats = userStats
    }

    enum CodingKeys: String, CodingKey {
        case date
        case timeZone = "time_zone"
        case totalUsers = "total_users"
        case totalItems = "total_items"
        case totalNotes = "total_notes"
        case totalEvents = "total_events"
        case unownedItems = "unowned_items"
        case userStats = "user_stats"
    }
}

// MARK: - Accumulation

extension DailyStatistics {
    /// Builds ``DailyStatistics`` from pages of items, so a day of any size is counted in
    /// bounded pages.
    ///
    /// Items whose creation time does not fall on the day in the time zone are ignored, so a
    /// store may hand over a wider range. The same item added twice counts once.
    ///
    /// Complexity: O(1) amortised per item; memory O(items + active users) for the
    /// de-duplication set and the per-user breakdown.
    public struct Accumulator: Sendable {
        /// The day being counted.
        public let date: CalendarDay
        /// The time zone that defines the day.
        public let timeZone: TimeZone

        private let interval: Range<Date>
        private var seen: Set<NodeKey> = []
        private var perUser: [NodeKey: UserDailyStatistics] = [:]
        private var totals: DailyStatistics

        /// Starts counting `date` in `timeZone`.
        public init(date: CalendarDay, timeZone: TimeZone) {
            self.date = date
            self.timeZone = timeZone
            self.interval = date.interval(in: timeZone)
            self.totals = DailyStatistics(date: date, timeZone: timeZone.identifier)
        }

        /// Counts a page of items; returns how many fell on the day and were new.
        @discardableResult
        public mutating func add(_ items: [OwnedItem]) -> Int {
            var added = 0
            for item in items
            where interval.contains(item.createdAt) && seen.insert(item.key).inserted {
                count(item)
                added += 1
            }
            return added
        }

        /// The statistics of the items added so far.
        public var statistics: DailyStatistics {
            var result = totals
            result.userStats = perUser.keys.sorted().compactMap { perUser[$0] }
            result.totalUsers = result.userStats.count
            return result
        }

        private mutating func count(_ item: OwnedItem) {
            let isNote = item.key.label == .note
            let isEvent = item.key.label == .event
            totals.totalItems += 1
            totals.totalNotes += isNote ? 1 : 0
            totals.totalEvents += isEvent ? 1 : 0

            guard let owner = item.owner else {
                totals.unownedItems += 1
                return
            }
            perUser[owner, default: UserDailyStatistics(userID: owner.id)].totalItems += 1
            perUser[owner]?.notesCount += isNote ? 1 : 0
            perUser[owner]?.eventsCount += isEvent ? 1 : 0
        }
    }
}
