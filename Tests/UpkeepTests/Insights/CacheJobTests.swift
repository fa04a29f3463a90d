import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite struct CacheJobTests {
    private typealias JobFixture = InsightsJobFixture

    /// A query log with two hot queries, one rare, one blank, old and future ones; a few titled
    /// nodes; a tag hierarchy with a cycle; one active and one inactive user. "Now" is noon UTC.
    private func makeFixture() async throws -> JobFixture {
        let fixture = JobFixture(now: "2026-12-03T12:00:00Z")
        var queries: [(String, String)] = [
            ("Swift Concurrency", "01"), (" swift   concurrency ", "02"),
            ("SWIFT CONCURRENCY", "03"),
            ("swift concurrency", "04"), ("swift\tconcurrency", "05"), ("graph databases", "06"),
            ("graph databases", "07"), ("Graph Databases ", "08"), ("rare", "09"), ("   ", "10"),
        ].map { ($0.0, "2026-12-03T\($0.1):00:00Z") }
        queries += Array(repeating: ("old hot", "2026-12-01T12:00:00Z"), count: 10)
        queries += Array(repeating: ("future", "2026-12-03T13:00:00Z"), count: 3)
        try await fixture.records.recordSearchQueries(
            queries.map {
                SearchQuery(userID: 1, text: $0.0, occurredAt: InsightsFixtures.instant($0.1))
            })

        try await fixture.graph.upsertNodes([
            JobFixture.node(NodeKey(.user, 1), at: "2026-01-01T00:00:00Z"),
            JobFixture.node(NodeKey(.user, 2), at: "2026-01-01T00:00:00Z"),
            JobFixture.item(
                NodeKey(.note, 1), owner: 1, at: "2026-11-01T00:00:00Z",
                ["title": "Intro to Swift Concurrency"]),
            JobFixture.item(
                NodeKey(.note, 2), owner: 1, at: "2026-11-01T00:00:00Z",
                ["title": "swift concurrency in practice"]),
            JobFixture.item(
                NodeKey(.note, 3), owner: 2, at: "2026-11-01T00:00:00Z", ["title": "unrelated"]),
            JobFixture.item(
                NodeKey(.event, 1), owner: 2, at: "2026-11-01T00:00:00Z",
                ["title": "Graph Databases meetup"]),
            JobFixture.node(NodeKey(.tag, 1), at: "2026-01-01T00:00:00Z", ["title": "swift"]),
            JobFixture.node(
                NodeKey(.tag, 2), at: "2026-01-01T00:00:00Z", ["title": "concurrency", "parent": 1]),
            JobFixture.node(
                NodeKey(.tag, 3), at: "2026-01-01T00:00:00Z",
                ["title": "actors", "parent": "Tag:2"]),
            JobFixture.node(NodeKey(.tag, 4), at: "2026-01-01T00:00:00Z", ["parent": "5"]),
            JobFixture.node(NodeKey(.tag, 5), at: "2026-01-01T00:00:00Z", ["parent": 4]),
        ])
        try await fixture.graph.upsertRelationships([
            JobFixture.edge(.created, NodeKey(.user, 1), NodeKey(.note, 1), 1),
            JobFixture.edge(.taggedWith, NodeKey(.note, 1), NodeKey(.tag, 1), 0.8),
            JobFixture.edge(.taggedWith, NodeKey(.note, 2), NodeKey(.tag, 1), 0.5),
            JobFixture.edge(.created, NodeKey(.user, 1), NodeKey(.note, 3), 0.05),
            JobFixture.edge(.created, NodeKey(.user, 2), NodeKey(.note, 3), 1),
        ])
        try await fixture.graph.recordInteractions([
            Interaction(
                id: "a", user: NodeKey(.user, 1), target: NodeKey(.note, 1),
                occurredAt: InsightsFixtures.instant("2026-12-03T11:00:00Z")),
            Interaction(
                id: "b", user: NodeKey(.user, 2), target: NodeKey(.note, 3),
                occurredAt: InsightsFixtures.instant("2026-11-29T11:00:00Z")),
        ])
        return fixture
    }

    @Test func reportCountsEveryStepInOrder() async throws {
        let fixture = try await makeFixture()
        let report = await fixture.run(CacheJob())

        #expect(report.status == .succeeded, "\(report.errors)")
        #expect(
            report.steps.map(\.name) == [
                "hot-queries", "preload-results", "tag-tree", "user-graphs",
            ])
        #expect(
            report.step("hot-queries")?.counts == [
                "queries.read": 10, "queries.skipped": 1, "queries.hot": 2,
            ])
        #expect(
            report.step("preload-results")?.counts == [
                "queries.preloaded": 2, "results.cached": 3, "cache.written": 2,
            ])
        #expect(
            report.step("tag-tree")?.counts == [
                "tags.scanned": 5, "tags.roots": 2, "tags.cyclesBroken": 1, "tags.omitted": 0,
                "cache.written": 1,
            ])
        #expect(
            report.step("user-graphs")?.counts == [
                "users.warmed": 1, "graph.nodes": 3, "graph.edges": 2, "cache.written": 1,
            ])
    }

    @Test func hotQueryResultsArePreloadedUnderTheirNormalisedText() async throws {
        let fixture = try await makeFixture()
        _ = await fixture.run(CacheJob())

        let swift = try #require(
            try await fixture.cached("query:swift concurrency", as: CachedSearchResult.self))
        #expect(swift.frequency == 5)
        #expect(swift.hits.map(\.key) == ["Note:1", "Note:2"])
        #expect(swift.hits.first?.title == "Intro to Swift Concurrency")
        let graph = try #require(
            try await fixture.cached("query:graph databases", as: CachedSearchResult.self))
        #expect(graph.hits.map(\.key) == ["Event:1"])
        #expect(
            try await fixture.cache.get(["query:rare", "query:old hot", "query:future"]).isEmpty)

        fixture.clock.advance(seconds: 3_601)
        #expect(try await fixture.cache.get(["query:swift concurrency"]).isEmpty)
        #expect(try await fixture.cache.get([CacheKeys.tagTree]).count == 1)
    }

    @Test func tagTreeIsCachedWithItsCycleBroken() async throws {
        let fixture = try await makeFixture()
        _ = await fixture.run(CacheJob())

        let tree = try #require(try await fixture.cached("tags:tree", as: TagTree.self))
        #expect(tree.roots.map(\.id) == ["1", "4"])
        #expect(tree.roots[0].title == "swift")
        #expect(tree.roots[0].children.map(\.id) == ["2"])
        #expect(tree.roots[0].children[0].children.map(\.id) == ["3"])
        #expect(tree.roots[1].children.map(\.id) == ["5"])
        #expect(tree.brokenCycles == ["4"])
    }

    @Test func activeUsersGraphsSpanTwoHopsAndBelongToTheUser() async throws {
        let fixture = try await makeFixture()
        _ = await fixture.run(CacheJob())

        let snapshot = try #require(
            try await fixture.cached("user:1:graph", as: UserGraphSnapshot.self))
        #expect(snapshot.nodes == ["User:1", "Note:1", "Tag:1"])
        #expect(snapshot.edges.map(\.type) == ["CREATED", "TAGGED_WITH"])
        #expect(snapshot.hops == 2)
        #expect(!snapshot.truncated)
        #expect(try await fixture.cache.get(["user:2:graph"]).isEmpty)

        #expect(try await fixture.cache.invalidate(user: "1") == 1)
        #expect(try await fixture.cache.get(["user:1:graph"]).isEmpty)
    }

    @Test func nodeLimitTruncatesTheCachedGraph() async throws {
        let fixture = try await makeFixture()
        let job = CacheJob(configuration: CacheJob.Configuration(maximumGraphNodes: 2))
        let report = await fixture.run(job)

        #expect(report.step("user-graphs")?.counts["graphs.truncated"] == 1)
        let snapshot = try #require(
            try await fixture.cached("user:1:graph", as: UserGraphSnapshot.self))
        #expect(snapshot.nodes == ["User:1", "Note:1"])
        #expect(snapshot.truncated)
    }

    @Test func dryRunComputesEverythingAndWritesNothing() async throws {
        let fixture = try await makeFixture()
        let report = await fixture.run(CacheJob(), dryRun: true)

        #expect(report.status == .succeeded)
        #expect(report.step("preload-results")?.counts["cache.skipped"] == 2)
        #expect(report.step("user-graphs")?.counts["graph.nodes"] == 3)
        #expect(report.steps.allSatisfy { $0.counts["cache.written"] == nil })
        let keys = [
            "query:swift concurrency", "query:graph databases", "tags:tree", "user:1:graph",
        ]
        #expect(try await fixture.cache.get(keys).isEmpty)
    }

    @Test func cancelledRunStopsBeforeTheFirstBatch() async throws {
        let fixture = try await makeFixture()
        let runner = fixture.runner
        let report = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await runner.run(CacheJob(), options: JobOptions(batchSize: 2))
        }.value

        #expect(report.status == .cancelled)
        #expect(report.steps.map(\.outcome) == [.cancelled])
        #expect(try await fixture.cache.get(["tags:tree"]).isEmpty)
    }

    @Test func manyHotQueriesArePreloadedWithBoundedConcurrency() async throws {
        let fixture = JobFixture(now: "2026-12-03T12:00:00Z")
        let texts = (1...12).map { "topic \($0)" }
        let queries = texts.flatMap { text in
            (0..<3).map { minute in
                SearchQuery(
                    userID: nil, text: text,
                    occurredAt: InsightsFixtures.instant("2026-12-03T10:0\(minute):00Z"))
            }
        }
        try await fixture.records.recordSearchQueries(queries)
        try await fixture.graph.upsertNodes(
            (1...12).map {
                JobFixture.node(
                    NodeKey(.note, Int64($0)), at: "2026-11-01T00:00:00Z",
                    ["title": .string("On topic \($0)")])
            })
        let job = CacheJob(configuration: CacheJob.Configuration(searchConcurrency: 3))

        let report = await fixture.run(job, batchSize: 5)

        #expect(report.step("preload-results")?.counts["queries.preloaded"] == 12)
        #expect(report.step("preload-results")?.counts["cache.written"] == 12)
        let cached = try await fixture.cache.get(texts.map { "query:\($0)" })
        #expect(cached.count == 12)
        let ten = try #require(
            try await fixture.cached("query:topic 10", as: CachedSearchResult.self))
        #expect(ten.hits.map(\.key) == ["Note:10"])
        #expect(ten.frequency == 3)
    }

    @Test func configurationDecodesMissingKeysToDefaults() throws {
        let empty = try JSONDecoder().decode(CacheJob.Configuration.self, from: Data("{}".utf8))
        #expect(empty == CacheJob.Configuration())

        let partial = try JSONDecoder().decode(
            CacheJob.Configuration.self,
            from: Data(#"{"graphHops": 3, "searchLabels": ["Tag"]}"#.utf8))
        #expect(partial.graphHops == 3)
        #expect(partial.searchLabels == [.tag])
        #expect(partial.hotQueryCounters == 1_000)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                CacheJob.Configuration.self, from: Data(#"{"graphHops": "two"}"#.utf8))
        }
    }
}
