import Foundation
import Synchronization
import Testing
import Upkeep
import UpkeepTesting

@Suite struct StatisticsJobPagingTests {
    @Test func everyUserIsVisitedAcrossManyPagesAndProgressIsReported() async throws {
        let fixture = InsightsJobFixture(now: "2026-12-03T12:00:00Z")
        var nodes: [Node] = []
        for user in 1...250 {
            nodes.append(
                InsightsJobFixture.node(NodeKey(.user, Int64(user)), at: "2026-01-01T00:00:00Z"))
            for day in 0..<(user % 4) {
                let item = NodeKey(.note, Int64(user * 10 + day))
                nodes.append(
                    InsightsJobFixture.item(
                        item, owner: Int64(user), at: "2026-12-0\(3 - day)T01:00:00Z"))
            }
        }
        try await fixture.graph.upsertNodes(nodes)
        let events = ProgressLog()

        let report = await fixture.runner.run(
            StatisticsJob(), options: JobOptions(batchSize: 16), progress: { events.append($0) })

        #expect(report.status == .succeeded, "\(report.errors)")
        #expect(report.step("user-activity")?.counts["users.scanned"] == 250)
        #expect(report.step("user-activity")?.counts["items.counted"] == 375)
        #expect(report.step("user-activity")?.counts["users.streaking"] == 188)
        #expect(report.step("user-profiles")?.counts["cache.written"] == 250)
        let profile = try #require(try await fixture.cached("profile:247", as: UserProfile.self))
        #expect(profile.currentStreak == 3 && profile.totalItems == 3)
        let lastActivity = events.events.last { $0.step == "user-activity" }
        #expect(lastActivity?.completed == 250)
        #expect(events.events.last { $0.step == "user-profiles" }?.total == 250)
    }
}

/// Collects progress events from the job's task.
private final class ProgressLog: Sendable {
    private let storage = Mutex<[JobProgress]>([])

    func append(_ event: JobProgress) { storage.withLock { $0.append(event) } }

    var events: [JobProgress] { storage.withLock { $0 } }
}
