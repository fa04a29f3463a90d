import Foundation
import Testing
import Upkeep
import UpkeepDemo
import UpkeepTesting

/// Both jobs over the shared synthetic data set, checking invariants rather than exact values.
@Suite struct InsightsSyntheticTests {
    private func loadedFixture() async throws -> (InsightsJobFixture, SyntheticDataset) {
        let fixture = InsightsJobFixture(now: "2026-01-01T00:00:00Z")
        let dataset = SyntheticDataset(scale: 0.02, seed: 11, now: fixture.clock.now())
        try await dataset.load(into: fixture.graph, records: fixture.records)
        return (fixture, dataset)
    }

    @Test func statisticsCoverEveryUserAndKeepTheirInvariants() async throws {
        let (fixture, dataset) = try await loadedFixture()
        let report = await fixture.run(StatisticsJob(), batchSize: 7)

        #expect(report.status == .succeeded, "\(report.errors)")
        let users = dataset.counts.users
        #expect(report.step("user-activity")?.counts["users.scanned"] == users)
        #expect(report.step("user-profiles")?.counts["cache.written"] == users)
        #expect(report.step("recommendations")?.counts["users.ranked"] == users)

        let day = try #require(
            try await fixture.cached("stats:daily:2025-12-31", as: DailyStatistics.self))
        let perUser = day.userStats.reduce(0) { $0 + $1.totalItems }
        #expect(perUser + day.unownedItems == day.totalItems)
        #expect(day.totalNotes + day.totalEvents == day.totalItems)
        #expect(day.totalUsers == day.userStats.count)

        for id in 1...min(users, 5) {
            try await expectRecommendationsAreNotNeighbours(
                of: NodeKey(.user, Int64(id)), in: fixture)
        }
    }

    @Test func cacheWarmUpCoversTagsAndActiveUsers() async throws {
        let (fixture, dataset) = try await loadedFixture()
        let report = await fixture.run(CacheJob(), batchSize: 7)

        #expect(report.status == .succeeded, "\(report.errors)")
        #expect(report.step("tag-tree")?.counts["tags.scanned"] == dataset.counts.tags)
        let tree = try #require(try await fixture.cached("tags:tree", as: TagTree.self))
        #expect(tree.tagCount == dataset.counts.tags)
        #expect(countBranches(tree.roots) + tree.omitted == dataset.counts.tags)

        let warmed = report.step("user-graphs")?.counts["users.warmed"] ?? 0
        #expect(warmed > 0)
        #expect(report.step("user-graphs")?.counts["cache.written"] == warmed)
        let hot = report.step("hot-queries")?.counts["queries.hot"] ?? 0
        #expect(report.step("preload-results")?.counts["queries.preloaded"] == hot)
    }

    private func expectRecommendationsAreNotNeighbours(
        of user: NodeKey,
        in fixture: InsightsJobFixture
    ) async throws {
        let list = try #require(
            try await fixture.cached(CacheKeys.recommendations(user), as: RecommendationList.self))
        let direct = try await fixture.graph.relationships(touching: [user], minimumWeight: 0)
        let neighbours = Set(direct.flatMap { [$0.key.from.description, $0.key.to.description] })
        #expect(list.items.allSatisfy { !neighbours.contains($0.key) })
        #expect(list.items.map(\.score) == list.items.map(\.score).sorted(by: >))
    }

    private func countBranches(_ branches: [TagTree.Branch]) -> Int {
        branches.reduce(0) { $0 + 1 + countBranches($1.children) }
    }
}
