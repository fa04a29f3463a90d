import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite struct InMemoryWeightPassTests {
    private static let now = WeightPassWorld.now
    private static let pass = WeightPass(
        update: WeightUpdate(), now: now, staleBefore: now, collectsUsers: true, problemLimit: 2)

    // MARK: - Conformance

    @Test(arguments: WeightPassConformance.checks)
    func weightPassConforms(_ check: WeightPassConformance.Check) async throws {
        try await WeightPassConformance.run(check) { InMemoryGraphStore() }
    }

    // MARK: - Same results as the portable pipeline

    static let configurations: [RelationshipsJob.Configuration] = [
        RelationshipsJob.Configuration(),
        RelationshipsJob.Configuration(decay: .step, boostMode: .window, boostWindowDays: 7),
        RelationshipsJob.Configuration(floor: 0.1, boostPerInteraction: 0.2, minimumAgeDays: 2),
    ]

    @Test(arguments: [11, 12, 13] as [UInt64], configurations.indices)
    func storePassGivesThePortablePipelinesResults(seed: UInt64, configuration: Int) async throws {
        let job = RelationshipsJob(configuration: Self.configurations[configuration])
        let inStore = try await WeightPassWorld(seed: seed)
        let portable = try await WeightPassWorld(seed: seed)

        for run in 1...2 {
            let options = JobOptions(batchSize: 7)
            let storeReport = await inStore.run(job, portable: false, options: options)
            let portableReport = await portable.run(job, portable: true, options: options)

            #expect(storeReport.status == .succeeded && portableReport.status == .succeeded)
            #expect(storeReport.counts(Self.comparedCounts) == portableReport.counts(Self.comparedCounts))
            #expect(storeReport.step(RelationshipsJob.Step.updateWeights)?.counts["edges.written"] ?? 0 > 0)
            let stored = try await inStore.relationships().map(StoredFields.init)
            let expected = try await portable.relationships().map(StoredFields.init)
            #expect(stored == expected, "run \(run)")
            inStore.clock.advance(seconds: 2 * WeightPassWorld.day)
            portable.clock.advance(seconds: 2 * WeightPassWorld.day)
        }
    }

    /// The counts that must not depend on the way the weights were computed.
    private static let comparedCounts = [
        "edges.scanned", "edges.decayed", "edges.boosted", "edges.changed", "edges.unchanged",
        "edges.written", "interactions.counted", "weights.invalid", "weights.clamped", "users.affected",
        "users.invalidated", "cache.entries.deleted",
    ]

    // MARK: - Dry runs

    @Test func dryRunComputesEveryChangeButWritesNothing() async throws {
        let world = try await WeightPassWorld(seed: 21)
        let before = try await world.relationships().map(StoredFields.init)
        var pass = Self.pass
        pass.dryRun = true

        let totals = try await Self.runPages(pass, on: world.graph, limit: 5).totals

        #expect(totals.changed > 0)
        #expect(totals.written == 0)
        #expect(try await world.relationships().map(StoredFields.init) == before)
    }

    // MARK: - Pages

    @Test func relationshipsCreatedOrDeletedBetweenPagesAreNeverVisitedTwice() async throws {
        let graph = InMemoryGraphStore()
        let users = (1...3_100).map { NodeKey(.user, Int64($0)) }
        let tags = [NodeKey(.tag, 1), NodeKey(.tag, 2)]
        try await graph.upsertNodes((users + tags).map { Node(key: $0, createdAt: Self.daysAgo(9)) })
        var random = SeededRandomNumberGenerator(seed: 31)
        try await graph.upsertRelationships((1...3_000).shuffled(using: &random).map { Self.interest(Int64($0)) })
        var pass = Self.pass
        pass.dryRun = true

        let first = try await graph.updateWeights(pass, after: nil, limit: 500)
        let visitedFirst = Set(first.changedUsers)
        let unvisited = (1...3_000).map(String.init).filter { !visitedFirst.contains($0) }
        let deleted = Array(visitedFirst.prefix(250)) + unvisited.prefix(1_750)
        _ = try await graph.deleteRelationships(deleted.map { Self.interest(Int64($0)!).key })
        try await graph.upsertRelationships(
            (3_001...3_100).map { Self.interest(Int64($0)) } + [Self.interest(3_001, daysAgo: 0, to: 2)])
        let resume: WeightPassPosition = try #require(first.next)
        let rest = try await Self.runPages(pass, on: graph, limit: 500, after: resume)

        let visited = first.changedUsers + rest.changedUsers
        #expect(visited.count == Set(visited).count)
        #expect(rest.totals.scanned == rest.changedUsers.count)
        let expected = Set(unvisited.dropFirst(1_750) + (3_001...3_100).map(String.init))
        #expect(Set(rest.changedUsers) == expected)
        #expect(try await graph.counts().relationships == 3_000 - 2_000 + 101)
        let keys = try await graph.staleRelationships(updatedBefore: .distantFuture, after: nil, limit: .max)
            .map(\.key)
        #expect(keys == keys.sorted { $0.description < $1.description })
        #expect(keys.count == 1_101)
    }

    @Test func compactionAfterMassDeletionKeepsEveryIndexConsistent() async throws {
        let graph = InMemoryGraphStore()
        let users = (1...3_000).map { NodeKey(.user, Int64($0)) }
        try await graph.upsertNodes((users + [NodeKey(.tag, 1)]).map { Node(key: $0, createdAt: Self.daysAgo(9)) })
        try await graph.upsertRelationships((1...3_000).map { Self.interest(Int64($0)) })

        _ = try await graph.deleteRelationships((1...2_000).map { Self.interest(Int64($0)).key })
        let survivor = Self.interest(2_500).key
        let written = try await graph.writeWeights([WeightWrite(key: survivor, weight: 0.25, updatedAt: Self.now)])
        _ = try await graph.deleteNodes([NodeKey(.user, 3_000)])

        #expect(written == 1)
        #expect(try await graph.counts().relationships == 999)
        #expect(try await graph.relationships(touching: [NodeKey(.tag, 1)], minimumWeight: 0).count == 999)
        let touching = try await graph.relationships(touching: [NodeKey(.user, 2_500)], minimumWeight: 0)
        #expect(touching.map(\.key) == [survivor] && touching.first?.weight == 0.25)
        var paged: [RelationshipKey] = []
        var after: RelationshipKey?
        repeat {
            let page = try await graph.staleRelationships(updatedBefore: .distantFuture, after: after, limit: 100)
            paged += page.map(\.key)
            after = page.count == 100 ? page.last?.key : nil
        } while after != nil
        let expected = (2_001...2_999).map { Self.interest(Int64($0)).key }
        #expect(paged == expected.sorted { $0.description < $1.description })
    }

    @Test func fullPageFollowedOnlyByFreshRelationshipsEndsThePass() async throws {
        let graph = InMemoryGraphStore()
        let nodes = (1...4).map { NodeKey(.user, Int64($0)) } + [NodeKey(.tag, 1), NodeKey(.tag, 2)]
        try await graph.upsertNodes(nodes.map { Node(key: $0, createdAt: Self.daysAgo(9)) })
        try await graph.upsertRelationships([
            Self.interest(1), Self.interest(2), Self.interest(3, daysAgo: 0), Self.interest(4, daysAgo: 0),
        ])

        let page = try await graph.updateWeights(Self.pass, after: nil, limit: 2)

        #expect(page.totals.scanned == 2)
        #expect(page.next == nil)
        let again = try await graph.updateWeights(Self.pass, after: nil, limit: 2)
        #expect(again.totals.scanned == 0 && again.next == nil)
    }

    @Test func limitBelowOneIsRejected() async throws {
        await #expect(throws: StoreError.self) {
            _ = try await InMemoryGraphStore().updateWeights(Self.pass, after: nil, limit: 0)
        }
    }

    // MARK: - Problems and users

    @Test func problemsAreCappedPerPageAndChangedUsersNameUserEndpoints() async throws {
        let graph = InMemoryGraphStore()
        let nodes =
            [NodeKey(.user, 1), NodeKey(.user, 2), NodeKey(.tag, 1)] + (1...5).map { NodeKey(.note, Int64($0)) }
        try await graph.upsertNodes(nodes.map { Node(key: $0, createdAt: Self.daysAgo(9)) })
        let broken: [Double] = [.nan, .infinity, -1, 2, 7]
        let tagged = broken.enumerated().map { index, weight in
            Relationship(
                key: RelationshipKey(.taggedWith, from: NodeKey(.note, Int64(index + 1)), to: NodeKey(.tag, 1)),
                weight: weight, createdAt: Self.daysAgo(3))
        }
        let users = [
            Relationship(
                key: RelationshipKey(.created, from: NodeKey(.user, 1), to: NodeKey(.note, 1)), weight: 0.5,
                createdAt: Self.daysAgo(3)),
            Relationship(
                key: RelationshipKey(.relatedTo, from: NodeKey(.user, 2), to: NodeKey(.user, 1)), weight: 0.5,
                createdAt: Self.daysAgo(3)),
            Relationship(
                key: RelationshipKey(.created, from: NodeKey(.user, 2), to: NodeKey(.note, 2)), weight: 0.5,
                createdAt: Self.daysAgo(0)),
        ]
        try await graph.upsertRelationships(tagged + users)

        var quiet = Self.pass
        quiet.collectsUsers = false
        quiet.dryRun = true
        let withoutUsers = try await graph.updateWeights(quiet, after: nil, limit: 100)
        let page = try await graph.updateWeights(Self.pass, after: nil, limit: 100)

        #expect(withoutUsers.changedUsers.isEmpty)
        #expect(page.next == nil)
        #expect(page.totals.invalid == 2 && page.totals.clamped == 3)
        #expect(page.problems.count == 2)
        for problem in page.problems {
            let index = try #require(tagged.firstIndex { $0.key == problem.key })
            #expect(problem.storedWeight.bitPattern == broken[index].bitPattern)
            #expect(problem.problem == StoredWeight(broken[index]).problem)
        }
        #expect(page.changedUsers.sorted() == ["1", "1", "2"])
        #expect(page.totals.written == 7)
    }

    // MARK: - Helpers

    private static func daysAgo(_ days: Double) -> Date {
        WeightPassWorld.daysAgo(days)
    }

    /// `User:user -INTERESTED_IN-> Tag:to`, written `daysAgo` days ago.
    private static func interest(_ user: Int64, daysAgo days: Double = 2, to tag: Int64 = 1) -> Relationship {
        Relationship(
            key: RelationshipKey(.interestedIn, from: NodeKey(.user, user), to: NodeKey(.tag, tag)), weight: 0.8,
            createdAt: daysAgo(days))
    }

    /// Runs pages from `position` until the pass ends, checking that positions increase, and
    /// returns the pages' totals and users added up.
    private static func runPages(
        _ pass: WeightPass,
        on graph: InMemoryGraphStore,
        limit: Int,
        after position: WeightPassPosition? = nil
    ) async throws -> WeightPassPage {
        var combined = WeightPassPage(next: nil)
        var position = position
        repeat {
            let page = try await graph.updateWeights(pass, after: position, limit: limit)
            if let next = page.next, let position { #expect(next.value > position.value) }
            combined.totals.add(page.totals)
            combined.changedUsers += page.changedUsers
            position = page.next
        } while position != nil
        return combined
    }
}

/// A relationship's stored fields, with the weight compared bit for bit so NaN equals NaN.
private struct StoredFields: Equatable, CustomStringConvertible {
    var relationship: Relationship
    var weightBits: UInt64

    init(_ stored: Relationship) {
        relationship = stored
        relationship.weight = 0
        weightBits = stored.weight.bitPattern
    }

    var description: String { "\(relationship.key) weight \(Double(bitPattern: weightBits))" }
}

extension JobReport {
    /// The `update-weights` step's counts named in `names`.
    fileprivate func counts(_ names: [String]) -> [String: Int] {
        let counts = step(RelationshipsJob.Step.updateWeights)?.counts ?? [:]
        return Dictionary(uniqueKeysWithValues: names.map { ($0, counts[$0] ?? -1) })
    }
}
