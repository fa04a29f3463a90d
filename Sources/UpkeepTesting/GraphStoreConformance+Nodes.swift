import Foundation
import Testing
import Upkeep

extension GraphStoreConformance {
    static func upsertedNodesReadBackInKeyOrder(_ graph: any GraphStore) async throws {
        let rich = Node(
            key: note(2),
            properties: [
                "title": "Ünïcode title", "priority": .int(-3), "score": .double(0.25), "pinned": .bool(true),
                "due": .date(t(3_600)),
            ],
            createdAt: t(1), updatedAt: t(2))
        let nodes = [rich, Fixture.node(.user, 1), Fixture.node(.note, 10, title: "ten"), Fixture.node(.tag, 7)]
        try await graph.upsertNodes(nodes)

        let found = try await graph.nodes([note(2), user(1), note(10), note(404)])
        #expect(found.map(\.key) == [note(10), note(2), user(1)], "nodes come back in key order, missing skipped")
        #expect(found.first { $0.key == note(2) } == rich, "every property type and both times round-trip")
    }

    static func upsertReplacesNodeProperties(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes([
            Node(key: note(1), properties: ["title": "old", "stale": .int(1)], createdAt: t(0), updatedAt: t(1))
        ])
        let replacement = Node(key: note(1), properties: ["title": "new"], createdAt: t(0), updatedAt: t(5))
        try await graph.upsertNodes([replacement])

        #expect(try await graph.nodes([note(1)]) == [replacement], "properties are replaced as a whole")
        #expect(try await graph.counts().nodes == 1)
    }

    static func invalidLabelsAndTypesAreRejected(_ graph: any GraphStore) async throws {
        let badNode = Node(key: NodeKey(NodeLabel("bad label"), "1"), createdAt: t(0))
        await ConformanceExpectations.expectStoreError(
            .invalidInput, mentioning: "bad label", "an invalid label is rejected, naming it"
        ) {
            try await graph.upsertNodes([Fixture.node(.note, 1), badNode])
        }

        try await graph.upsertNodes(notes(1...2))
        let badKey = RelationshipKey(RelationshipType("BAD-TYPE"), from: note(1), to: note(2))
        await ConformanceExpectations.expectStoreError(
            .invalidInput, mentioning: "BAD-TYPE", "an invalid relationship type is rejected, naming it"
        ) {
            try await graph.upsertRelationships([Relationship(key: badKey, createdAt: t(0))])
        }
        #expect(try await graph.counts().relationships == 0)
    }

    static func nodeScansPageByLabelInKeyOrder(_ graph: any GraphStore) async throws {
        let events = (1...3).map { Fixture.node(.event, Int64($0)) }
        try await graph.upsertNodes(notes(1...5) + events + [Fixture.node(.tag, 1), Fixture.node(.user, 1)])

        let scan = try await ConformancePaging.all(limit: 4, key: \Node.key) { after, limit in
            try await graph.scanNodes(labels: [.note, .event], after: after, limit: limit)
        }
        let expected = events.map(\.key) + (1...5).map { note($0) }
        #expect(scan.items.map(\.key) == expected, "labels are walked in key order, others skipped")
        #expect(scan.pageSizes == [4, 4, 0], "full pages, then an empty page")
        #expect(try await graph.scanNodes(labels: [], after: nil, limit: 10).isEmpty)
        let afterLastEvent = try await graph.scanNodes(labels: [.note, .event], after: NodeKey(.event, 3), limit: 2)
        #expect(afterLastEvent.map(\.key) == [note(1), note(2)], "a page can cross from one label to the next")
    }

    static func deletingNodesRemovesTheirRelationships(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...3))
        let keys = [related(1, 2), related(2, 3), related(1, 3)]
        try await graph.upsertRelationships(keys.map { Relationship(key: $0, createdAt: t(0)) })

        #expect(try await graph.deleteNodes([note(2), note(404)]) == 1, "only existing nodes are counted")
        #expect(try await graph.nodes([note(2)]).isEmpty)
        #expect(try await graph.relationships(keys).map(\.key) == [related(1, 3)])
        #expect(try await graph.counts() == GraphCounts(nodesByLabel: [.note: 2], relationships: 1))
    }

    static func orphansAreUnlinkedNodes(_ graph: any GraphStore) async throws {
        let cutoff = t(100)
        var nodes = notes(1...7)
        nodes[4].createdAt = cutoff
        nodes[4].updatedAt = cutoff
        try await graph.upsertNodes(nodes + [Fixture.node(.tag, 1)])
        try await graph.upsertRelationships([Relationship(key: related(1, 2), createdAt: t(0))])

        let scan = try await ConformancePaging.all(limit: 2, key: { $0 }) { after, limit in
            try await graph.orphanNodes(labels: [.note], createdBefore: cutoff, after: after, limit: limit)
        }
        #expect(scan.items == [note(3), note(4), note(6), note(7)], "linked, new and other-label nodes are left out")
        #expect(scan.pageSizes == [2, 2, 0])
    }

    static func searchMatchesTitlesIgnoringCase(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes([
            Fixture.node(.note, 1, title: "Weekly Planning"), Fixture.node(.note, 2, title: "planner"),
            Fixture.node(.note, 3, title: "Groceries"), Fixture.node(.event, 1, title: "PLANNING meeting"),
            Fixture.node(.tag, 1, title: "planning"), Fixture.node(.note, 4),
        ])

        let found = try await graph.searchNodes(text: "Plan", labels: [.note, .event], limit: 10)
        #expect(found.map(\.key) == [NodeKey(.event, 1), note(1), note(2)], "matches in key order, tags left out")
        let limited = try await graph.searchNodes(text: "plan", labels: [.note, .event], limit: 2)
        #expect(limited.map(\.key) == [NodeKey(.event, 1), note(1)])
        #expect(try await graph.searchNodes(text: "nothing like it", labels: [.note], limit: 5).isEmpty)
    }
}
