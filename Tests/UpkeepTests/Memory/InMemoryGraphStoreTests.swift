import Foundation
import Testing
import Upkeep
import UpkeepDemo
import UpkeepTesting

@Suite struct InMemoryGraphStoreTests {
    let start = Date(epochMilliseconds: 1_767_225_600_000)

    func note(_ id: Int64) -> Node {
        Node(key: NodeKey(.note, id), properties: ["title": .string("Note \(id)")], createdAt: start)
    }

    @Test func stalePagesFollowCanonicalTextOrderAcrossInsertsAndDeletes() async throws {
        let graph = InMemoryGraphStore()
        try await graph.upsertNodes((1...30).map(note))
        let keys = (2...30).map { RelationshipKey(.relatedTo, from: NodeKey(.note, 1), to: NodeKey(.note, Int64($0))) }
        try await graph.upsertRelationships(keys.shuffled().map { Relationship(key: $0, createdAt: start) })
        #expect(try await graph.deleteRelationships([keys[3], keys[7]]) == 2)

        var seen: [RelationshipKey] = []
        var after: RelationshipKey?
        while true {
            let page = try await graph.staleRelationships(
                updatedBefore: start.addingTimeInterval(1), after: after, limit: 4)
            guard let last = page.last else { break }
            seen += page.map(\.key)
            after = last.key
        }
        let expected = keys.filter { $0 != keys[3] && $0 != keys[7] }.sorted { $0.description < $1.description }
        #expect(seen == expected)
    }

    @Test func weightWritesOutsideTheLastPageStillLand() async throws {
        let graph = InMemoryGraphStore()
        try await graph.upsertNodes((1...3).map(note))
        let key = RelationshipKey(.relatedTo, from: NodeKey(.note, 1), to: NodeKey(.note, 2))
        let other = RelationshipKey(.relatedTo, from: NodeKey(.note, 2), to: NodeKey(.note, 3))
        try await graph.upsertRelationships([key, other].map { Relationship(key: $0, createdAt: start) })
        _ = try await graph.staleRelationships(updatedBefore: start.addingTimeInterval(1), after: key, limit: 1)

        let written = try await graph.writeWeights([WeightWrite(key: key, weight: 0.25, updatedAt: start)])
        #expect(written == 1)
        #expect(try await graph.relationships([key]).first?.weight == 0.25)
    }

    @Test func interactionCountsSeeInteractionsRecordedAfterTheEdge() async throws {
        let graph = InMemoryGraphStore()
        try await graph.upsertNodes((1...2).map(note))
        let key = RelationshipKey(.relatedTo, from: NodeKey(.note, 1), to: NodeKey(.note, 2))
        try await graph.upsertRelationships([Relationship(key: key, createdAt: start)])
        let page = try await graph.staleRelationships(updatedBefore: start.addingTimeInterval(1), after: nil, limit: 10)
        try await graph.recordInteractions([
            Interaction(id: "a", user: NodeKey(.user, 1), target: key.to, occurredAt: start.addingTimeInterval(5))
        ])

        let tallies = try await graph.interactionCounts(
            page.map { InteractionWindow(target: $0.key.to, after: nil, through: start.addingTimeInterval(10)) })
        #expect(tallies == [InteractionTally(count: 1, latest: start.addingTimeInterval(5))])
    }

    @Test func indexesStayRightAfterScansReorderTheStorage() async throws {
        let graph = InMemoryGraphStore()
        try await graph.upsertNodes((1...20).map(note))
        let keys = (2...20).map { RelationshipKey(.relatedTo, from: NodeKey(.note, Int64($0)), to: NodeKey(.note, 1)) }
        try await graph.upsertRelationships(keys.shuffled().map { Relationship(key: $0, createdAt: start) })
        _ = try await graph.staleRelationships(updatedBefore: start.addingTimeInterval(1), after: nil, limit: 5)

        #expect(try await graph.deleteNodes([NodeKey(.note, 7)]) == 1)
        let touching = try await graph.relationships(touching: [NodeKey(.note, 1)], minimumWeight: 0)
        #expect(touching.count == 18)
        #expect(try await graph.relationships([keys[0]]).map(\.key) == [keys[0]])
        #expect(
            try await graph.orphanNodes(
                labels: [.note], createdBefore: start.addingTimeInterval(1), after: nil,
                limit: 10
            ).isEmpty)
    }

    @Test func windowCountsStayRightAcrossInterleavedRecordingAndCounting() async throws {
        let graph = InMemoryGraphStore()
        let targets = (1...3).map { NodeKey(.note, Int64($0)) }
        func record(_ id: String, _ target: Int, at seconds: Double) -> Interaction {
            Interaction(id: id, user: NodeKey(.user, 1), target: targets[target], occurredAt: Fixture.time(seconds))
        }
        func windows() -> [InteractionWindow] {
            targets.map { InteractionWindow(target: $0, after: Fixture.time(1), through: Fixture.time(100)) }
        }
        try await graph.recordInteractions([record("a", 0, at: 5), record("b", 0, at: 2), record("c", 1, at: 1)])
        #expect(try await graph.interactionCounts(windows()).map(\.count) == [2, 0, 0])

        try await graph.upsertNodes(targets.map { Node(key: $0, createdAt: start) })
        try await graph.upsertRelationships(
            targets.map { Relationship(key: RelationshipKey(.relatedTo, from: targets[0], to: $0), createdAt: start) })
        try await graph.recordInteractions([record("d", 0, at: 3), record("e", 2, at: 50), record("f", 1, at: 200)])
        let page = try await graph.staleRelationships(updatedBefore: Fixture.time(1_000), after: nil, limit: 10)
        let tallies = try await graph.interactionCounts(
            page.map { InteractionWindow(target: $0.key.to, after: Fixture.time(1), through: Fixture.time(100)) })

        #expect(page.map(\.key.to) == targets)
        #expect(
            tallies == [
                InteractionTally(count: 3, latest: Fixture.time(5)), .zero,
                InteractionTally(count: 1, latest: Fixture.time(50)),
            ])
    }

    @Test func jobStylePagingMatchesABruteForceCountWhileInteractionsArrive() async throws {
        let graph = InMemoryGraphStore()
        let targets = (1...10).map { NodeKey(.tag, Int64($0)) }
        try await graph.upsertNodes((1...5).map(note) + targets.map { Node(key: $0, createdAt: start) })
        var rng = SeededRandomNumberGenerator(seed: 3)
        let relationships = (1...5).flatMap { from in
            targets.map { to in
                Relationship(
                    key: RelationshipKey(.taggedWith, from: NodeKey(.note, Int64(from)), to: to),
                    createdAt: start, boostedThrough: Fixture.time(Double(rng.next() % 50)))
            }
        }
        try await graph.upsertRelationships(relationships.shuffled(using: &rng))
        var recorded: [Interaction] = []

        var after: RelationshipKey?
        var pages = 0
        while true {
            let page = try await graph.staleRelationships(updatedBefore: Fixture.time(1), after: after, limit: 7)
            guard let last = page.last else { break }
            let fresh = (0..<3).map { index in
                Interaction(
                    id: "p\(pages)-\(index)", user: NodeKey(.user, 1), target: targets[Int(rng.next() % 10)],
                    occurredAt: Fixture.time(Double(rng.next() % 100)))
            }
            try await graph.recordInteractions(fresh)
            recorded += fresh

            let windows = page.map {
                InteractionWindow(target: $0.key.to, after: $0.boostedThrough, through: Fixture.time(80))
            }
            let tallies = try await graph.interactionCounts(windows)
            let expected = windows.map { window in
                let hits = recorded.filter { interaction in
                    guard interaction.target == window.target, interaction.occurredAt <= window.through else {
                        return false
                    }
                    return window.after.map { interaction.occurredAt > $0 } ?? true
                }
                return InteractionTally(count: hits.count, latest: hits.map(\.occurredAt).max())
            }
            #expect(tallies == expected, "page \(pages)")
            _ = try await graph.writeWeights(
                page.map { WeightWrite(key: $0.key, weight: 0.5, updatedAt: Fixture.time(1)) })
            after = last.key
            pages += 1
        }
        #expect(pages == 8)
        #expect(try await graph.staleRelationships(updatedBefore: Fixture.time(1), after: nil, limit: 100).isEmpty)
    }
}
