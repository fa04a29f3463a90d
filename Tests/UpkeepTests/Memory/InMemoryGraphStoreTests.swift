import Foundation
import Testing
import Upkeep

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
            let page = try await graph.staleRelationships(updatedBefore: start.addingTimeInterval(1), after: after, limit: 4)
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
}
