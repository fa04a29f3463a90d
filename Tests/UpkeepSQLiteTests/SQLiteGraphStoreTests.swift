import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

@Suite struct SQLiteGraphStoreTests {
    @Test func nodePagesFollowStringOrderOfIds() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let ids = ["9", "10", "100", "2", "20"]
        try await graph.upsertNodes(ids.map { Node(key: NodeKey(.note, $0), createdAt: at(0)) })

        let first = try await graph.scanNodes(labels: [.note], after: nil, limit: 2)
        let rest = try await graph.scanNodes(labels: [.note], after: first.last?.key, limit: 10)

        #expect((first + rest).map(\.key.id) == ids.sorted())
        #expect(first.map(\.key.id) == ["10", "100"])
    }

    @Test func nodePagesCrossLabelsInKeyOrder() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let keys = [NodeKey(.tag, 1), NodeKey(NodeLabel("Tag2"), 1), NodeKey(.note, 5), NodeKey(.note, "")]
        try await graph.upsertNodes(keys.map { Node(key: $0, createdAt: at(0)) })

        var scanned: [NodeKey] = []
        var after: NodeKey?
        repeat {
            let page = try await graph.scanNodes(labels: [.tag, NodeLabel("Tag2"), .note], after: after, limit: 1)
            scanned += page.map(\.key)
            after = page.last?.key
        } while after != nil

        #expect(scanned == keys.sorted())
    }

    @Test func searchTreatsLikeWildcardsAsPlainTextAndIgnoresCase() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let titles = ["100% done", "100x done", "a_b", "axb", "Back\\slash", "Straße"]
        try await graph.upsertNodes(
            titles.enumerated().map { index, title in
                Node(key: NodeKey(.note, Int64(index)), properties: ["title": .string(title)], createdAt: at(0))
            })

        func search(_ text: String) async throws -> [String] {
            try await graph.searchNodes(text: text, labels: [.note], limit: 10).compactMap {
                $0.properties["title"]?.stringValue
            }
        }
        #expect(try await search("100%") == ["100% done"])
        #expect(try await search("A_B") == ["a_b"])
        #expect(try await search("k\\s") == ["Back\\slash"])
        #expect(try await search("STRASSE").isEmpty, "ASCII needles do not fold ß")
        #expect(try await search("straße") == ["Straße"])
        #expect(try await search("").count == titles.count)
    }

    @Test func propertiesRoundTripExactly() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let properties: Properties = [
            "title": "Ünïcode \"quoted\" \\ line\nbreak", "count": .int(.max), "ratio": .double(0.1),
            "odd": .double(.infinity), "flag": true, "when": .date(at(1.5)), "none": .null,
        ]
        let node = Node(key: NodeKey(.note, 1), properties: properties, createdAt: at(0), updatedAt: at(2))

        try await graph.upsertNodes([node])

        #expect(try await graph.nodes([node.key]) == [node])
    }

    @Test func relationshipToMissingNodeIsRejectedAndNothingWritten() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let user = NodeKey(.user, 1)
        try await graph.upsertNodes([Node(key: user, createdAt: at(0))])
        let good = Relationship(key: RelationshipKey(.interestedIn, from: user, to: user), createdAt: at(0))
        let bad = Relationship(key: RelationshipKey(.created, from: user, to: NodeKey(.note, 404)), createdAt: at(0))

        let error = await #expect(throws: StoreError.self) { try await graph.upsertRelationships([good, bad]) }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains("Note:404") == true)
        #expect(try await graph.counts().relationships == 0)
    }

    @Test func weightWritesUpdateOnlyExistingRelationshipsAndNaNReadsBack() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let (a, b) = (NodeKey(.note, 1), NodeKey(.note, 2))
        try await graph.upsertNodes([Node(key: a, createdAt: at(0)), Node(key: b, createdAt: at(0))])
        let key = RelationshipKey(.relatedTo, from: a, to: b)
        try await graph.upsertRelationships([Relationship(key: key, weight: .nan, createdAt: at(0))])
        #expect(try await graph.relationships([key]).first?.weight.isNaN == true)

        let updated = try await graph.writeWeights([
            WeightWrite(key: key, weight: 0.75, updatedAt: at(10), boostedThrough: at(9)),
            WeightWrite(key: RelationshipKey(.relatedTo, from: b, to: a), weight: 0.1, updatedAt: at(10)),
        ])

        let stored = try #require(try await graph.relationships([key]).first)
        #expect(updated == 1)
        #expect(stored.weight == 0.75)
        #expect(stored.updatedAt == at(10))
        #expect(stored.boostedThrough == at(9))
        #expect(stored.lastInteractionAt == nil)
    }

    @Test func staleScanWalksThePrimaryKeyWithoutSorting() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()

        let plan = try await database.reader.read("plan") { session in
            try session.query(
                """
                EXPLAIN QUERY PLAN SELECT r.uid, w.weight
                FROM relationships AS r JOIN relationship_weights AS w ON w.id = r.id
                WHERE r.uid > ?1 AND w.updated_at < ?2 ORDER BY r.uid LIMIT ?3
                """
            ) { $0.text(3) }
        }

        #expect(!plan.joined().contains("TEMP B-TREE"))
    }

    @Test func weightPassWalksTheWeightsKeyWithoutSorting() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()

        let plan = try await database.reader.read("plan") { session in
            try session.query(
                """
                EXPLAIN QUERY PLAN SELECT w.id, t.latest_at
                FROM relationship_weights AS w LEFT JOIN interaction_targets AS t ON t.id = w.target
                WHERE w.id > ?1 AND w.updated_at < ?2 ORDER BY w.id LIMIT ?3
                """
            ) { $0.text(3) }
        }

        let steps = plan.joined(separator: "; ")
        #expect(!steps.contains("TEMP B-TREE"))
        #expect(steps.contains("SEARCH w USING INTEGER PRIMARY KEY (rowid>?)"))
        #expect(steps.contains("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)"))
    }

    @Test func weakEdgeScanWalksTheWeakKeysInOrder() async throws {
        let directory = try TemporaryDirectory()
        let database = try await directory.open()
        let graph = database.graph
        let nodes = (1...4).map { Node(key: NodeKey(.note, Int64($0)), createdAt: at(0)) }
        try await graph.upsertNodes(nodes)
        let weights = [0.05, 0.5, 0.09, 0.2]
        let relationships = zip(nodes, weights).map { node, weight in
            Relationship(
                key: RelationshipKey(.relatedTo, from: nodes[0].key, to: node.key), weight: weight, createdAt: at(0)
            )
        }
        try await graph.upsertRelationships(relationships)

        let weak = try await graph.weakRelationships(weightBelow: 0.1, inactiveSince: at(1), after: nil, limit: 10)
        let plan = try await database.reader.read("plan") { session in
            try session.query(
                """
                EXPLAIN QUERY PLAN SELECT r.uid
                FROM weak_relationships AS k CROSS JOIN relationships AS r ON r.uid = k.uid
                CROSS JOIN relationship_weights AS w ON w.id = r.id
                WHERE w.weight < ?1 AND max(w.created_at, coalesce(w.last_interaction_at, w.created_at)) < ?2
                  AND k.uid > ?3
                ORDER BY k.uid LIMIT ?4
                """
            ) { $0.text(3) }
        }

        #expect(weak == [relationships[0].key, relationships[2].key].sorted())
        let steps = plan.joined(separator: "; ")
        #expect(steps.contains("SEARCH k USING PRIMARY KEY (uid>?)"))
        #expect(!steps.contains("TEMP B-TREE"))
    }

    @Test func interactionCountsAnswerEachWindowInOrder() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let user = NodeKey(.user, 1)
        let (a, b) = (NodeKey(.note, 1), NodeKey(.note, 2))
        try await graph.recordInteractions([
            Interaction(id: "1", user: user, target: a, occurredAt: at(1)),
            Interaction(id: "2", user: user, target: a, occurredAt: at(2)),
            Interaction(id: "2", user: user, target: a, occurredAt: at(2)),
            Interaction(id: "3", user: user, target: a, occurredAt: at(3)),
            Interaction(id: "4", user: user, target: b, occurredAt: at(5)),
        ])

        let tallies = try await graph.interactionCounts([
            InteractionWindow(target: a, after: at(1), through: at(3)),
            InteractionWindow(target: b, after: nil, through: at(4)),
            InteractionWindow(target: a, after: nil, through: at(10)),
            InteractionWindow(target: NodeKey(.note, "x\"y"), after: nil, through: at(10)),
        ])

        #expect(
            tallies == [
                InteractionTally(count: 2, latest: at(3)), .zero, InteractionTally(count: 3, latest: at(3)), .zero,
            ])
    }

    @Test func syncBatchAndCheckpointCommitTogether() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let user = NodeKey(.user, 1)
        let note = NodeKey(.note, 1)
        let first = SyncCheckpoint(cursors: [.note: SyncCursor(updatedAt: at(1), id: 1)])
        try await graph.applySyncBatch(
            GraphSyncBatch(
                upsertNodes: [Node(key: user, createdAt: at(0)), Node(key: note, createdAt: at(1))],
                upsertRelationships: [
                    Relationship(key: RelationshipKey(.created, from: user, to: note), createdAt: at(1))
                ]
            ),
            checkpoint: first
        )

        let failing = GraphSyncBatch(
            upsertNodes: [Node(key: NodeKey(.note, 2), createdAt: at(2))],
            deleteNodes: [user],
            upsertRelationships: [
                Relationship(key: RelationshipKey(.created, from: user, to: NodeKey(.note, 2)), createdAt: at(2))
            ]
        )
        let error = await #expect(throws: StoreError.self) {
            try await graph.applySyncBatch(
                failing, checkpoint: SyncCheckpoint(cursors: [.note: SyncCursor(updatedAt: at(2), id: 2)])
            )
        }

        #expect(error?.code == .notFound)
        #expect(try await graph.checkpoint(named: "sync") == first)
        #expect(try await graph.counts() == GraphCounts(nodesByLabel: [.user: 1, .note: 1], relationships: 1))
    }

    @Test func deletingANodeRemovesItsRelationshipsAndOrphansAreFound() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        let user = NodeKey(.user, 1)
        let notes = (1...3).map { NodeKey(.note, Int64($0)) }
        try await graph.upsertNodes([Node(key: user, createdAt: at(0))] + notes.map { Node(key: $0, createdAt: at(0)) })
        try await graph.upsertRelationships(
            notes.prefix(2).map { Relationship(key: RelationshipKey(.created, from: user, to: $0), createdAt: at(0)) }
        )

        #expect(try await graph.orphanNodes(labels: [.note], createdBefore: at(1), after: nil, limit: 10) == [notes[2]])
        #expect(try await graph.deleteNodes([user, user]) == 1)
        #expect(try await graph.counts().relationships == 0)
        #expect(try await graph.orphanNodes(labels: [.note], createdBefore: at(1), after: nil, limit: 10) == notes)
        #expect(try await graph.orphanNodes(labels: [.note], createdBefore: at(0), after: nil, limit: 10).isEmpty)
    }

    @Test func digestCountsIntegerIdsAndSkipsPlaceholders() async throws {
        let directory = try TemporaryDirectory()
        let graph = try await directory.open().graph
        try await graph.upsertNodes([
            Node(key: NodeKey(.user, 1), createdAt: at(0), updatedAt: at(5)),
            Node(key: NodeKey(.user, 2), properties: ["placeholder": true], createdAt: at(0)),
            Node(key: NodeKey(.user, "x"), createdAt: at(0)),
            Node(key: NodeKey(.user, 30), createdAt: at(0)),
        ])

        var expected = ConsistencyDigest.empty
        expected.add(id: 1, updatedAt: at(5))

        #expect(try await graph.digest(label: .user, ids: 1...10) == expected)
    }
}
