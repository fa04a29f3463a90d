import Foundation
import Testing
import Upkeep

/// The README's "library in five minutes" example, kept compiling and correct.
@Suite struct ReadmeExampleTests {
    @Test func relationshipsJobOnInMemoryStoresDecaysTheWeekOldEdge() async throws {
        let clock = SystemClock()
        let graph = InMemoryGraphStore()
        let environment = JobEnvironment(
            graph: graph,
            records: InMemoryRecordStore(),
            cache: InMemoryCacheStore(clock: clock),
            ledger: InMemoryRunLedger(),
            clock: clock
        )

        let user = NodeKey(.user, 1)
        let note = NodeKey(.note, 7)
        let weekAgo = clock.now().addingTimeInterval(-7 * 86_400)
        try await graph.upsertNodes([Node(key: user, createdAt: weekAgo), Node(key: note, createdAt: weekAgo)])
        try await graph.upsertRelationships([
            Relationship(key: RelationshipKey(.created, from: user, to: note), weight: 0.8, createdAt: weekAgo)
        ])

        let runner = JobRunner(environment: environment)
        let report = await runner.run(RelationshipsJob())

        #expect(report.status == .succeeded)
        #expect(report.step("update-weights")?.counts["edges.written"] == 1)
        let key = RelationshipKey(.created, from: user, to: note)
        let weight = try #require(try await graph.relationships([key]).first)
        #expect(abs(weight.weight - 0.8 * pow(2, -7.0 / 30)) < 1e-6, "a week of a 30-day half-life")
    }
}
