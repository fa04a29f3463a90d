import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite struct StatisticsJobFailureTests {
    /// A cache whose writes fail as if the server went away.
    private struct UnavailableCache: CacheStore {
        let base = InMemoryCacheStore()

        func get(_ keys: [String]) async throws -> [String: Data] { try await base.get(keys) }

        func set(_ entries: [CacheEntry]) async throws {
            throw StoreError(
                .unavailable, store: .cache, operation: "set", message: "connection refused")
        }

        func delete(_ keys: [String]) async throws -> Int { try await base.delete(keys) }

        func invalidate(user: String) async throws -> Int { try await base.invalidate(user: user) }

        func setIfAbsent(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
            try await base.setIfAbsent(key, value: value, ttl: ttl)
        }

        func expireIfEqual(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
            try await base.expireIfEqual(key, value: value, ttl: ttl)
        }

        func deleteIfEqual(_ key: String, value: Data) async throws -> Bool {
            try await base.deleteIfEqual(key, value: value)
        }
    }

    @Test func cacheFailureFailsTheStepAndStopsTheRun() async throws {
        let fixture = InsightsJobFixture(now: "2026-12-03T12:00:00Z")
        try await fixture.graph.upsertNodes([
            InsightsJobFixture.node(NodeKey(.user, 1), at: "2026-01-01T00:00:00Z"),
            InsightsJobFixture.item(NodeKey(.note, 1), owner: 1, at: "2026-12-02T12:00:00Z"),
        ])
        let environment = JobEnvironment(
            graph: fixture.graph, records: fixture.records, cache: UnavailableCache(),
            ledger: fixture.ledger, clock: fixture.clock)

        let report = await JobRunner(environment: environment).run(StatisticsJob())

        #expect(report.status == .failed)
        #expect(report.steps.map(\.name) == ["user-activity", "usage-statistics"])
        #expect(report.steps.map(\.outcome) == [.succeeded, .failed])
        #expect(report.step("usage-statistics")?.error?.contains("connection refused") == true)
        #expect(try await fixture.ledger.report(id: report.id)?.status == .failed)
    }
}
