import Foundation
import Testing

@testable import Upkeep

@Suite struct EngagementTests {
    @Test func scoreIsRecentItemsTimesHundredOverTotalPlusOne() {
        let dates = [
            "2026-12-03T08:00:00Z", "2026-12-02T08:00:00Z", "2026-11-03T12:00:00Z",
            "2026-11-03T11:59:59Z", "2026-09-01T08:00:00Z",
        ].map(InsightsFixtures.instant)
        let engagement = Engagement(
            itemDates: dates, now: InsightsFixtures.instant("2026-12-03T12:00:00Z"),
            timeZone: InsightsFixtures.zone("UTC"))

        #expect(engagement.totalItems == 5)
        #expect(engagement.recentItems == 3)
        #expect(engagement.score == 50)
        #expect(engagement.streak == Streak(current: 2, longest: 2))
    }

    @Test func userWithoutItemsScoresZero() {
        let engagement = Engagement(itemDates: [], now: Date(epochMilliseconds: 0), timeZone: .gmt)
        #expect(
            engagement
                == Engagement(
                    totalItems: 0, recentItems: 0, score: 0, streak: Streak(current: 0, longest: 0))
        )
    }

    @Test func scoreStaysBelowHundredWhenEverythingIsRecent() {
        #expect(Engagement.score(recentItems: 99, totalItems: 99) == 99)
        #expect(Engagement.score(recentItems: 1, totalItems: 1) == 50)
    }

    @Test func futureItemsCountInTotalButNotAsRecent() {
        let now = InsightsFixtures.instant("2026-12-03T12:00:00Z")
        let engagement = Engagement(
            itemDates: [now, now.addingTimeInterval(3_600)], now: now, timeZone: .gmt)
        #expect(engagement.totalItems == 2)
        #expect(engagement.recentItems == 1)
    }
}
