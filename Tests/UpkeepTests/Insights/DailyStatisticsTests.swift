import Foundation
import Testing

@testable import Upkeep

@Suite struct DailyStatisticsTests {
    private func item(_ label: NodeLabel, _ id: Int64, owner: Int64?, at time: String)
        -> OwnedItem
    {
        OwnedItem(
            key: NodeKey(label, id), owner: owner.map { NodeKey(.user, $0) },
            createdAt: InsightsFixtures.instant(time))
    }

    @Test func itemsCountForTheirLocalDateInANonUTCZone() {
        var accumulator = DailyStatistics.Accumulator(
            date: InsightsFixtures.day("2026-12-02"),
            timeZone: InsightsFixtures.zone("America/Los_Angeles"))
        let added = accumulator.add([
            item(.note, 1, owner: 1, at: "2026-12-03T07:30:00Z"),  // 23:30 local on the 2nd
            item(.event, 2, owner: 1, at: "2026-12-02T08:10:00Z"),  // 00:10 local on the 2nd
            item(.note, 3, owner: 2, at: "2026-12-02T20:00:00Z"),
            item(.note, 4, owner: nil, at: "2026-12-02T21:00:00Z"),
            item(.note, 5, owner: 2, at: "2026-12-03T08:30:00Z"),  // 00:30 local on the 3rd
            item(.note, 6, owner: 2, at: "2026-12-02T07:59:00Z"),  // 23:59 local on the 1st
        ])
        accumulator.add([item(.note, 1, owner: 1, at: "2026-12-03T07:30:00Z")])

        let statistics = accumulator.statistics
        #expect(added == 4)
        #expect(statistics.date.description == "2026-12-02")
        #expect(statistics.timeZone == "America/Los_Angeles")
        #expect(statistics.totalUsers == 2)
        #expect(statistics.totalItems == 4)
        #expect(statistics.totalNotes == 3)
        #expect(statistics.totalEvents == 1)
        #expect(statistics.unownedItems == 1)
        #expect(
            statistics.userStats == [
                UserDailyStatistics(userID: "1", totalItems: 2, notesCount: 1, eventsCount: 1),
                UserDailyStatistics(userID: "2", totalItems: 1, notesCount: 1, eventsCount: 0),
            ])
    }

    @Test func encodesTheSeedsFieldNames() throws {
        let statistics = DailyStatistics(
            date: InsightsFixtures.day("2026-12-02"), timeZone: "UTC", totalUsers: 1, totalItems: 1,
            totalNotes: 1,
            userStats: [UserDailyStatistics(userID: "7", totalItems: 1, notesCount: 1)])
        let data = try JSONEncoder().encode(statistics)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

        #expect(
            Set(object.keys) == [
                "date", "time_zone", "total_users", "total_items", "total_notes", "total_events",
                "unowned_items", "user_stats",
            ])
        let users = try #require(object["user_stats"] as? [[String: Any]])
        #expect(Set(users[0].keys) == ["user_id", "total_items", "notes_count", "events_count"])
        #expect(try JSONDecoder().decode(DailyStatistics.self, from: data) == statistics)
    }
}
