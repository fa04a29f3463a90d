import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite struct StatisticsJobTests {
    private typealias JobFixture = InsightsJobFixture

    /// Three users in three time zones (one unknown), items around New York's midnight, tags and
    /// a weak link that recommendations must not walk. "Now" is 01:00 on 3 December in New York.
    private func makeFixture() async throws -> JobFixture {
        let fixture = JobFixture(now: "2026-12-03T06:00:00Z")
        try await fixture.graph.upsertNodes([
            JobFixture.node(NodeKey(.user, 1), at: "2026-01-01T00:00:00Z"),
            JobFixture.node(
                NodeKey(.user, 2), at: "2026-01-01T00:00:00Z", ["timeZone": "Pacific/Kiritimati"]),
            JobFixture.node(
                NodeKey(.user, 3), at: "2026-01-01T00:00:00Z", ["timeZone": "Mars/Olympus"]),
            JobFixture.item(
                NodeKey(.note, 1), owner: 1, at: "2026-12-02T04:30:00Z",
                ["title": "Late night", "content": "x"]),
            JobFixture.item(
                NodeKey(.note, 2), owner: 1, at: "2026-12-03T04:30:00Z",
                ["title": "Almost midnight"]),
            JobFixture.item(
                NodeKey(.event, 1), owner: 1, at: "2026-12-02T15:00:00Z", ["title": "Standup"]),
            JobFixture.item(NodeKey(.note, 3), owner: 1, at: "2026-09-01T12:00:00Z"),
            JobFixture.item(
                NodeKey(.note, 4), owner: 2, at: "2026-12-02T09:30:00Z",
                ["title": "Kiritimati evening"]),
            JobFixture.item(
                NodeKey(.note, 5), owner: 2, at: "2026-12-02T10:30:00Z",
                ["title": "Kiritimati morning"]),
            JobFixture.item(NodeKey(.event, 2), owner: nil, at: "2026-12-02T12:00:00Z"),
            JobFixture.item(
                NodeKey(.note, 9), owner: nil, at: "2025-01-01T00:00:00Z", ["status": "archived"]),
            JobFixture.node(NodeKey(.tag, 1), at: "2026-01-01T00:00:00Z", ["title": "swift"]),
            JobFixture.node(NodeKey(.tag, 2), at: "2026-01-01T00:00:00Z", ["title": "jobs"]),
        ])
        try await fixture.graph.upsertRelationships([
            JobFixture.edge(.created, NodeKey(.user, 1), NodeKey(.note, 1), 1),
            JobFixture.edge(.created, NodeKey(.user, 1), NodeKey(.note, 2), 1),
            JobFixture.edge(.created, NodeKey(.user, 1), NodeKey(.event, 1), 1),
            JobFixture.edge(.created, NodeKey(.user, 1), NodeKey(.note, 3), 1),
            JobFixture.edge(.created, NodeKey(.user, 2), NodeKey(.note, 4), 1),
            JobFixture.edge(.created, NodeKey(.user, 2), NodeKey(.note, 5), 1),
            JobFixture.edge(.taggedWith, NodeKey(.note, 1), NodeKey(.tag, 1), 0.8),
            JobFixture.edge(.taggedWith, NodeKey(.note, 4), NodeKey(.tag, 1), 0.5),
            JobFixture.edge(.taggedWith, NodeKey(.note, 2), NodeKey(.tag, 2), 0.6),
            JobFixture.edge(.relatedTo, NodeKey(.note, 4), NodeKey(.note, 1), 0.05),
        ])
        return fixture
    }

    private var job: StatisticsJob {
        StatisticsJob(configuration: StatisticsJob.Configuration(timeZone: "America/New_York"))
    }

    @Test func reportCountsEveryStepInOrder() async throws {
        let fixture = try await makeFixture()
        let report = await fixture.run(job)

        #expect(report.status == .succeeded, "\(report.errors)")
        #expect(
            report.steps.map(\.name) == [
                "user-activity", "usage-statistics", "content-quality", "recommendations",
                "user-profiles",
            ])
        let activity = try #require(report.step("user-activity"))
        #expect(activity.counts["users.scanned"] == 3)
        #expect(activity.counts["items.counted"] == 6)
        #expect(activity.counts["users.active"] == 2)
        #expect(activity.counts["users.streaking"] == 2)
        #expect(activity.counts["users.invalidTimeZone"] == 1)
        #expect(
            report.step("usage-statistics")?.counts == [
                "days.computed": 1, "items.counted": 5, "users.active": 2, "cache.written": 1,
            ])
        let quality = try #require(report.step("content-quality"))
        #expect(quality.counts["items.scanned"] == 8)
        #expect(quality.counts["items.scored"] == 7)
        #expect(quality.counts["items.inactive"] == 1)
        #expect(report.step("recommendations")?.counts["users.ranked"] == 3)
        #expect(report.step("recommendations")?.counts["cache.written"] == 3)
        #expect(
            report.step("user-profiles")?.counts == ["profiles.computed": 3, "cache.written": 3])
        #expect(try await fixture.ledger.report(id: report.id)?.status == .succeeded)
    }

    @Test func dailyStatisticsCountYesterdayInTheConfiguredZone() async throws {
        let fixture = try await makeFixture()
        _ = await fixture.run(job)

        let statistics = try #require(
            try await fixture.cached("stats:daily:2026-12-02", as: DailyStatistics.self))
        #expect(statistics.timeZone == "America/New_York")
        #expect(statistics.totalUsers == 2)
        #expect(statistics.totalItems == 5)
        #expect(statistics.totalNotes == 3)
        #expect(statistics.totalEvents == 2)
        #expect(statistics.unownedItems == 1)
        #expect(
            statistics.userStats == [
                UserDailyStatistics(userID: "1", totalItems: 2, notesCount: 1, eventsCount: 1),
                UserDailyStatistics(userID: "2", totalItems: 2, notesCount: 2, eventsCount: 0),
            ])
    }

    @Test func earlierDaysAreRecomputedWhenConfigured() async throws {
        let fixture = try await makeFixture()
        let job = StatisticsJob(
            configuration: StatisticsJob.Configuration(
                timeZone: "America/New_York", dailyStatisticsDays: 2))
        let report = await fixture.run(job)

        #expect(report.step("usage-statistics")?.counts["days.computed"] == 2)
        #expect(report.step("usage-statistics")?.counts["cache.written"] == 2)
        let first = try #require(
            try await fixture.cached("stats:daily:2026-12-01", as: DailyStatistics.self))
        #expect(first.userStats == [UserDailyStatistics(userID: "1", totalItems: 1, notesCount: 1)])
        #expect(try await fixture.cached("stats:daily:2026-12-02", as: DailyStatistics.self) != nil)
    }

    @Test func profilesUseEachUsersTimeZoneAndExpireAfterADay() async throws {
        let fixture = try await makeFixture()
        _ = await fixture.run(job)

        let first = try #require(try await fixture.cached("profile:1", as: UserProfile.self))
        #expect(first.totalItems == 4 && first.recentItems == 3)
        #expect(first.engagementScore == 60)
        #expect(first.currentStreak == 2 && first.longestStreak == 2)
        #expect(first.timeZone == "America/New_York")
        #expect(first.updatedAt == InsightsFixtures.instant("2026-12-03T06:00:00Z"))

        let second = try #require(try await fixture.cached("profile:2", as: UserProfile.self))
        #expect(second.timeZone == "Pacific/Kiritimati")
        #expect(second.currentStreak == 2)
        #expect(abs(second.engagementScore - 200.0 / 3) < 1e-9)

        let third = try #require(try await fixture.cached("profile:3", as: UserProfile.self))
        #expect(
            third.timeZone == "America/New_York" && third.totalItems == 0
                && third.engagementScore == 0)

        fixture.clock.advance(seconds: 86_401)
        #expect(try await fixture.cache.get(["profile:1"]).isEmpty)
        #expect(try await fixture.cache.get(["stats:daily:2026-12-02"]).count == 1)
    }

    @Test func recommendationsAreTwoHopAndInvalidatedWithTheirUser() async throws {
        let fixture = try await makeFixture()
        _ = await fixture.run(job)

        let first = try #require(
            try await fixture.cached("recommendations:1", as: RecommendationList.self))
        #expect(first.items.map(\.key) == ["Tag:1", "Tag:2"])
        #expect(zip(first.items.map(\.score), [0.8, 0.6]).allSatisfy { abs($0 - $1) < 1e-12 })
        let second = try #require(
            try await fixture.cached("recommendations:2", as: RecommendationList.self))
        #expect(second.items.map(\.key) == ["Tag:1"])
        #expect(
            try await fixture.cached("recommendations:3", as: RecommendationList.self)?.items
                .isEmpty == true)

        #expect(try await fixture.cache.invalidate(user: "1") == 2)
        #expect(try await fixture.cache.get(["recommendations:1", "profile:1"]).isEmpty)
        #expect(try await fixture.cache.get(["recommendations:2", "profile:2"]).count == 2)
    }

    @Test func contentQualityReportSummarisesActiveItems() async throws {
        let fixture = try await makeFixture()
        _ = await fixture.run(job)

        let report = try #require(
            try await fixture.cached("stats:quality:2026-12-03", as: ContentQualityReport.self))
        #expect(report.itemsScored == 7)
        #expect(report.histogram.reduce(0, +) == 7)
        #expect(report.lowest.count == 7)
        #expect(report.lowest.first?.key == "Note:3")
        #expect(!report.lowest.contains { $0.key == "Note:9" })
        #expect(report.lowest.map(\.score) == report.lowest.map(\.score).sorted())
    }

    @Test func dryRunComputesEverythingAndWritesNothing() async throws {
        let fixture = try await makeFixture()
        let report = await fixture.run(job, dryRun: true)

        #expect(report.status == .succeeded)
        #expect(report.dryRun)
        #expect(
            report.step("user-profiles")?.counts == ["profiles.computed": 3, "cache.skipped": 3])
        #expect(report.step("usage-statistics")?.counts["cache.skipped"] == 1)
        #expect(report.steps.allSatisfy { $0.counts["cache.written"] == nil })
        let keys = [
            "stats:daily:2026-12-02", "stats:quality:2026-12-03", "profile:1", "recommendations:1",
        ]
        #expect(try await fixture.cache.get(keys).isEmpty)
    }

    @Test func unknownTimeZoneFailsTheRunBeforeAnyStep() async throws {
        let fixture = try await makeFixture()
        let job = StatisticsJob(
            configuration: StatisticsJob.Configuration(timeZone: "Europe/Atlantis"))
        let report = await fixture.run(job)

        #expect(report.status == .failed)
        #expect(report.steps.isEmpty)
        #expect(report.errors.first?.contains("Europe/Atlantis") == true)
    }

    @Test func configurationDecodesMissingKeysToDefaults() throws {
        let empty = try JSONDecoder().decode(
            StatisticsJob.Configuration.self, from: Data("{}".utf8))
        #expect(empty == StatisticsJob.Configuration())

        let partial = try JSONDecoder().decode(
            StatisticsJob.Configuration.self,
            from: Data(
                #"{"timeZone": "Asia/Tokyo", "quality": {"tagTarget": 5}, "itemLabels": ["Note"]}"#
                    .utf8))
        #expect(partial.timeZone == "Asia/Tokyo")
        #expect(partial.quality == ContentQuality(tagTarget: 5))
        #expect(partial.itemLabels == [.note])
        #expect(partial.profileTTLSeconds == 86_400)

        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                StatisticsJob.Configuration.self, from: Data(#"{"timeZone": "Nowhere"}"#.utf8))
        }
        let encoded = try JSONEncoder().encode(partial)
        #expect(
            try JSONDecoder().decode(StatisticsJob.Configuration.self, from: encoded) == partial)
    }
}
