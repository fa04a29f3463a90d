import Foundation
import Testing

@testable import Upkeep

@Suite struct StreakTests {
    private let utc = InsightsFixtures.zone("UTC")

    private func streak(_ instants: [String], now: String, zone: String = "UTC") -> Streak {
        Streak(
            activity: instants.map(InsightsFixtures.instant),
            now: InsightsFixtures.instant(now),
            timeZone: InsightsFixtures.zone(zone))
    }

    @Test func runEndingTodayCountsEveryDay() {
        let result = streak(
            [
                "2026-12-01T09:00:00Z", "2026-12-02T18:00:00Z", "2026-12-03T07:00:00Z",
                "2026-12-03T08:00:00Z",
            ],
            now: "2026-12-03T12:00:00Z")
        #expect(result == Streak(current: 3, longest: 3))
    }

    @Test func runEndingYesterdayIsStillCurrent() {
        let result = streak(
            ["2026-11-30T09:00:00Z", "2026-12-01T09:00:00Z", "2026-12-02T23:59:59Z"],
            now: "2026-12-03T23:00:00Z")
        #expect(result == Streak(current: 3, longest: 3))
    }

    @Test func gapBeforeYesterdayEndsTheCurrentStreak() {
        let result = streak(
            [
                "2026-11-20T09:00:00Z", "2026-11-21T09:00:00Z", "2026-11-22T09:00:00Z",
                "2026-12-01T09:00:00Z",
            ],
            now: "2026-12-03T00:00:01Z")
        #expect(result == Streak(current: 0, longest: 3))
    }

    @Test func fiveConsecutiveDaysGiveFiveNotOne() {
        let days = (1...5).map { "2026-12-0\($0)T10:00:00Z" }
        let result = streak(days, now: "2026-12-05T11:00:00Z")
        #expect(result == Streak(current: 5, longest: 5))
    }

    @Test func noActivityGivesZero() {
        #expect(streak([], now: "2026-12-05T11:00:00Z") == Streak(current: 0, longest: 0))
    }

    @Test func futureDaysAreIgnored() {
        let result = streak(
            ["2026-12-04T10:00:00Z", "2026-12-07T10:00:00Z"], now: "2026-12-04T11:00:00Z")
        #expect(result == Streak(current: 1, longest: 1))
    }

    @Test func midnightIsTheUsersMidnightFarFromUTC() {
        let items = ["2026-06-14T09:30:00Z", "2026-06-14T10:30:00Z"]
        let now = "2026-06-14T12:00:00Z"
        #expect(
            streak(items, now: now, zone: "Pacific/Kiritimati") == Streak(current: 2, longest: 2))
        #expect(
            streak(items, now: now, zone: "Pacific/Pago_Pago") == Streak(current: 1, longest: 1))
        #expect(streak(items, now: now, zone: "UTC") == Streak(current: 1, longest: 1))
    }

    @Test func currentStreakUsesEachUsersOwnToday() {
        let items = ["2026-06-13T10:30:00Z"]
        let now = "2026-06-14T10:30:00Z"
        #expect(streak(items, now: now, zone: "Pacific/Kiritimati").current == 1)
        #expect(streak(items, now: now, zone: "Pacific/Pago_Pago").current == 1)
        #expect(streak(items, now: "2026-06-15T10:30:00Z", zone: "Pacific/Kiritimati").current == 0)
    }

    @Test func streakCrossesSpringForwardInNewYork() {
        let lateEvenings = ["2026-03-08T04:30:00Z", "2026-03-09T03:30:00Z", "2026-03-10T03:30:00Z"]
        let result = streak(lateEvenings, now: "2026-03-10T13:00:00Z", zone: "America/New_York")
        #expect(result == Streak(current: 3, longest: 3))
    }

    @Test func streakCrossesFallBackInNewYork() {
        let lateEvenings = ["2026-11-01T03:30:00Z", "2026-11-02T04:30:00Z", "2026-11-03T04:30:00Z"]
        let result = streak(lateEvenings, now: "2026-11-03T15:00:00Z", zone: "America/New_York")
        #expect(result == Streak(current: 3, longest: 3))
    }

    @Test func twentyFiveHourDayHoldsOneDayOfActivity() {
        let sameLocalDay = ["2026-11-01T04:30:00Z", "2026-11-02T04:30:00Z"]
        let result = streak(sameLocalDay, now: "2026-11-02T12:00:00Z", zone: "America/New_York")
        #expect(result == Streak(current: 1, longest: 1))
    }
}
