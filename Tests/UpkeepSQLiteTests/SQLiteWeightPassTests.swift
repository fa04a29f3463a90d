import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

@Suite struct SQLiteWeightPassTests {
    /// Runs the relationships job on `graph` at the clock's time and returns the report.
    private func runJob(
        on database: SQLiteDatabase,
        graph: any GraphStore,
        clock: ManualClock,
        options: JobOptions
    ) async -> JobReport {
        let runner = JobRunner(
            environment: JobEnvironment(
                graph: graph, records: database.records, cache: database.cache, ledger: database.ledger,
                clock: clock))
        return await runner.run(RelationshipsJob(), options: options)
    }

    /// The `update-weights` step's counts, without the timings.
    private func counts(_ report: JobReport) -> [String: Int] {
        (report.step("update-weights")?.counts ?? [:]).filter { !$0.key.hasPrefix("time.") }
    }

    /// Two identical databases: one run directly (the store's own pass), one through a wrapper
    /// that hides the ``WeightPassStore`` conformance (the portable pipeline).
    private func compareWithPortablePipeline(dryRun: Bool) async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let fixture = WeightPassFixture(seed: dryRun ? 11 : 7, relationshipCount: 150, now: start)
        let inStore = try await SQLiteDatabase(path: directory.path("in-store.sqlite"), clock: clock)
        let portable = try await SQLiteDatabase(path: directory.path("portable.sqlite"), clock: clock)
        try await fixture.load(into: inStore.graph)
        try await fixture.load(into: portable.graph)
        let hidden = FaultInjectingGraphStore(wrapping: portable.graph, failingWrite: .max)
        let options = JobOptions(batchSize: 7, dryRun: dryRun)

        let inStoreReport = await runJob(on: inStore, graph: inStore.graph, clock: clock, options: options)
        let portableReport = await runJob(on: portable, graph: hidden, clock: clock, options: options)

        #expect(inStoreReport.status == .succeeded)
        #expect(portableReport.status == .succeeded)
        #expect(inStoreReport.step("update-weights")?.notes.contains { $0.contains("inside the graph store") } == true)
        #expect(counts(inStoreReport) == counts(portableReport))
        #expect((counts(inStoreReport)["edges.scanned"] ?? 0) > 50)
        #expect((counts(inStoreReport)["edges.boosted"] ?? 0) > 0)
        #expect((counts(inStoreReport)["weights.invalid"] ?? 0) > 0)
        let stored = try await StoredRelationship.all(in: inStore.graph)
        #expect(try await stored == StoredRelationship.all(in: portable.graph))
        let weak = try await inStore.graph.weakRelationships(
            weightBelow: 0.1, inactiveSince: .distantFuture, after: nil, limit: 1_000)
        #expect(weak == stored.filter { Double(bitPattern: $0.weightBits) < 0.1 }.map(\.key))
        #expect(!weak.isEmpty)
        #expect(
            try await portable.graph.weakRelationships(
                weightBelow: 0.1, inactiveSince: .distantFuture, after: nil, limit: 1_000) == weak)
        if dryRun {
            #expect(stored == fixture.relationships.map(StoredRelationship.init))
        }
    }

    @Test func storePassMatchesThePortablePipelineOnARandomGraph() async throws {
        try await compareWithPortablePipeline(dryRun: false)
    }

    @Test func dryRunCountsLikeThePortablePipelineAndWritesNothing() async throws {
        try await compareWithPortablePipeline(dryRun: true)
    }

    @Test func pagesVisitEveryInitiallyStaleRelationshipOnceDespiteCreatesAndDeletes() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()
        let graph = database.graph
        let fixture = WeightPassFixture(seed: 3, relationshipCount: 40, now: start)
        try await fixture.load(into: graph)
        // A dry run writes nothing, so a relationship visited twice would be counted twice.
        let pass = WeightPass(
            update: try RelationshipsJob.Configuration().weightUpdate(), now: start, staleBefore: start, dryRun: true)
        let stale = fixture.relationships.filter { $0.updatedAt < start }
        let fresh = Relationship(
            key: RelationshipKey(.relatedTo, from: fixture.nodes[0].key, to: fixture.nodes[0].key), weight: 0.5,
            createdAt: at(-10), updatedAt: start)

        var page = try await graph.updateWeights(pass, after: nil, limit: 5)
        var scanned = page.totals.scanned
        #expect(try await graph.deleteRelationships([stale[stale.count - 1].key]) == 1)
        try await graph.upsertRelationships([fresh])
        while let next = page.next {
            page = try await graph.updateWeights(pass, after: next, limit: 5)
            if let following = page.next { #expect(following.value > next.value) }
            scanned += page.totals.scanned
        }

        #expect(stale.count > 10)
        #expect(scanned == stale.count - 1)
        #expect(page.totals.written == 0)
    }

    @Test func failingPageLeavesNoneOfItsWrites() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()
        let graph = database.graph
        let fixture = WeightPassFixture(seed: 5, relationshipCount: 30, now: start)
        try await fixture.load(into: graph)
        let before = try await StoredRelationship.all(in: graph)
        try await database.writer.withSession("inject") { session in
            try session.execute(
                """
                CREATE TEMP TRIGGER fail_fifth BEFORE UPDATE ON relationship_weights WHEN new.id = 5 BEGIN
                    SELECT RAISE(ABORT, 'injected failure');
                END
                """)
        }
        let pass = WeightPass(
            update: try RelationshipsJob.Configuration().weightUpdate(), now: start, staleBefore: .distantFuture)

        await #expect(throws: StoreError.self) { try await graph.updateWeights(pass, after: nil, limit: 10) }

        #expect(try await StoredRelationship.all(in: graph) == before)
    }

    @Test func changedUsersAndProblemsAreReportedPerPage() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()
        let graph = database.graph
        let (user, note, tag) = (NodeKey(.user, 9), NodeKey(.note, 1), NodeKey(.tag, 2))
        try await graph.upsertNodes([user, note, tag].map { Node(key: $0, createdAt: at(-1_000)) })
        let created = RelationshipKey(.created, from: user, to: note)
        let tagged = RelationshipKey(.taggedWith, from: note, to: tag)
        try await graph.upsertRelationships([
            Relationship(key: created, weight: 0.5, createdAt: at(-900_000), updatedAt: at(-800_000)),
            Relationship(key: tagged, weight: 7, createdAt: at(-900_000), updatedAt: at(-800_000)),
        ])
        let pass = WeightPass(
            update: try RelationshipsJob.Configuration().weightUpdate(), now: start, staleBefore: start,
            collectsUsers: true, problemLimit: 1)

        let page = try await graph.updateWeights(pass, after: nil, limit: 10)

        #expect(page.next == nil)
        #expect(page.changedUsers == ["9"])
        #expect(page.problems == [WeightProblem(key: tagged, storedWeight: 7, problem: .aboveOne)])
        #expect(page.totals.scanned == 2)
        #expect(page.totals.written == 2)
        #expect(page.totals.clamped == 1)
    }
}
