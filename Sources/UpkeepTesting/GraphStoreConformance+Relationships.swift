import Foundation
import Testing
import Upkeep

extension GraphStoreConformance {
    static func relationshipsReadBackInKeyOrder(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...3))
        let full = Relationship(
            key: related(2, 3), weight: 0.625, createdAt: t(1), updatedAt: t(2), lastInteractionAt: t(1.5),
            boostedThrough: t(1.75), properties: ["source": "import", "rank": .int(2)])
        let plain = Relationship(key: related(1, 2), weight: 1, createdAt: t(0))
        try await graph.upsertRelationships([full, plain])

        let found = try await graph.relationships([related(2, 3), related(3, 1), related(1, 2)])
        #expect(found == [plain, full], "new relationships keep every field, come back in key order")
    }

    static func relationshipUpsertKeepsTheJobsFields(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...2))
        let original = Relationship(key: related(1, 2), weight: 0.8, createdAt: t(0), properties: ["a": .int(1)])
        try await graph.upsertRelationships([original])
        let write = WeightWrite(
            key: related(1, 2), weight: 0.3, updatedAt: t(20), boostedThrough: t(19), lastInteractionAt: t(18))
        #expect(try await graph.writeWeights([write]) == 1)

        let again = Relationship(
            key: related(1, 2), weight: 1, createdAt: t(50), updatedAt: t(50),
            properties: ["b": .int(2)])
        try await graph.upsertRelationships([again])
        let expected = Relationship(
            key: related(1, 2), weight: 0.3, createdAt: t(0), updatedAt: t(20), lastInteractionAt: t(18),
            boostedThrough: t(19), properties: ["b": .int(2)])
        #expect(
            try await graph.relationships([related(1, 2)]) == [expected],
            "an upsert replaces properties only; weight, times and boost state stay")
    }

    static func relationshipToAMissingEndpointIsNotFound(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...1))
        let dangling = Relationship(
            key: RelationshipKey(.relatedTo, from: note(1), to: NodeKey(.note, "ghost")),
            createdAt: t(0))
        await ConformanceExpectations.expectStoreError(
            .notFound, mentioning: "Note:ghost", "a missing endpoint is named"
        ) {
            try await graph.upsertRelationships([dangling])
        }
        #expect(try await graph.relationships([dangling.key]).isEmpty)
    }

    static func stalePagesResumeAfterTheLastKey(_ graph: any GraphStore) async throws {
        let cutoff = t(100)
        try await graph.upsertNodes(notes(1...10))
        let stale = (2...7).map { related(1, $0) }
        let fresh = [related(1, 8), related(1, 9), related(1, 10)]
        try await graph.upsertRelationships(
            stale.map { Relationship(key: $0, createdAt: t(0), updatedAt: t(99.999)) }
                + fresh.enumerated().map { Relationship(key: $1, createdAt: t(0), updatedAt: t(100 + Double($0))) })

        let scan = try await ConformancePaging.all(limit: 3, key: \Relationship.key) { after, limit in
            try await graph.staleRelationships(updatedBefore: cutoff, after: after, limit: limit)
        }
        let expected = stale.sorted { $0.description < $1.description }
        #expect(scan.items.map(\.key) == expected, "only relationships written before the cutoff, in key order")
        #expect(scan.pageSizes == [3, 3, 0], "exactly-full pages, then an empty page")

        let between = RelationshipKey(.relatedTo, from: note(1), to: NodeKey(.note, "4a"))
        let resumed = try await graph.staleRelationships(updatedBefore: cutoff, after: between, limit: 10)
        #expect(
            resumed.map(\.key) == expected.filter { $0.description > between.description },
            "a page resumes after a key that does not exist")
    }

    static func stalePagesFollowCanonicalTextOrder(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...10) + [Fixture.node(.user, 9), Fixture.node(.tag, 1)])
        let types = [RelationshipType("A"), RelationshipType("AB"), RelationshipType("A_B")]
        var keys: [RelationshipKey] = []
        for type in types {
            keys += [
                RelationshipKey(type, from: note(9), to: note(10)), RelationshipKey(type, from: note(10), to: note(9)),
                RelationshipKey(type, from: user(9), to: NodeKey(.tag, 1)),
                RelationshipKey(type, from: note(1), to: note(2)),
            ]
        }
        try await graph.upsertRelationships(keys.reversed().map { Relationship(key: $0, createdAt: t(0)) })

        let scan = try await ConformancePaging.all(limit: 5, key: \Relationship.key) { after, limit in
            try await graph.staleRelationships(updatedBefore: t(1), after: after, limit: limit)
        }
        let expected = keys.sorted { Array($0.description.utf8).lexicographicallyPrecedes(Array($1.description.utf8)) }
        #expect(scan.items.map(\.key) == expected, "pages follow the bytes of TYPE|From:id|To:id")
    }

    static func relationshipsTouchingNodes(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...5))
        try await graph.upsertRelationships([
            Relationship(key: related(1, 2), weight: 0.9, createdAt: t(0)),
            Relationship(key: related(3, 1), weight: 0.5, createdAt: t(0)),
            Relationship(key: related(2, 3), weight: 0.2, createdAt: t(0)),
            Relationship(key: related(4, 5), weight: 0.9, createdAt: t(0)),
        ])

        let one = try await graph.relationships(touching: [note(1)], minimumWeight: 0.5)
        #expect(Set(one.map(\.key)) == [related(1, 2), related(3, 1)], "both directions, weight at least the minimum")
        let two = try await graph.relationships(touching: [note(1), note(2)], minimumWeight: 0.6)
        #expect(two.map(\.key) == [related(1, 2)], "a relationship touching two of the nodes comes once")
        #expect(try await graph.relationships(touching: [], minimumWeight: 0).isEmpty)
    }

    static func weightWritesUpdateOnlyExisting(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...3))
        try await graph.upsertRelationships([
            Relationship(key: related(1, 2), createdAt: t(0), lastInteractionAt: t(0), boostedThrough: t(0)),
            Relationship(key: related(2, 3), createdAt: t(0)),
        ])

        let updated = try await graph.writeWeights([
            WeightWrite(key: related(1, 2), weight: 0.4, updatedAt: t(5)),
            WeightWrite(key: related(3, 1), weight: 0.9, updatedAt: t(5)),
            WeightWrite(
                key: related(2, 3), weight: 0.1, updatedAt: t(6), boostedThrough: t(6), lastInteractionAt: t(5.5)),
        ])
        #expect(updated == 2, "a write for a missing relationship is ignored")
        let found = try await graph.relationships([related(1, 2), related(2, 3), related(3, 1)])
        #expect(
            found == [
                Relationship(
                    key: related(1, 2), weight: 0.4, createdAt: t(0), updatedAt: t(5), lastInteractionAt: t(0),
                    boostedThrough: t(0)),
                Relationship(
                    key: related(2, 3), weight: 0.1, createdAt: t(0), updatedAt: t(6), lastInteractionAt: t(5.5),
                    boostedThrough: t(6)),
            ], "nil boost fields are left unchanged")
    }

    static func weakRelationshipsAreLightAndOld(_ graph: any GraphStore) async throws {
        let cutoff = t(100)
        try await graph.upsertNodes(notes(1...8))
        let shapes: [(to: Int64, weight: Double, updatedAt: Date, weak: Bool)] = [
            (2, 0.05, t(10), true), (3, 0.09, t(99), true), (4, 0.1, t(10), false), (5, 0.05, cutoff, false),
            (6, 0.5, t(10), false), (7, 0.01, t(0), true), (8, 0, t(50), true),
        ]
        try await graph.upsertRelationships(
            shapes.map {
                Relationship(key: related(1, $0.to), weight: $0.weight, createdAt: t(0), updatedAt: $0.updatedAt)
            })

        let scan = try await ConformancePaging.all(limit: 2, key: { $0 }) { after, limit in
            try await graph.weakRelationships(weightBelow: 0.1, updatedBefore: cutoff, after: after, limit: limit)
        }
        let expected = shapes.filter(\.weak).map { related(1, $0.to) }.sorted { $0.description < $1.description }
        #expect(scan.items == expected, "weight strictly below, written strictly before, in key order")
        #expect(scan.pageSizes == [2, 2, 0])
    }

    static func deletingRelationshipsCounts(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...3))
        try await graph.upsertRelationships(
            [related(1, 2), related(2, 3)].map { Relationship(key: $0, createdAt: t(0)) })

        #expect(try await graph.deleteRelationships([related(1, 2), related(3, 1)]) == 1)
        #expect(try await graph.relationships([related(1, 2), related(2, 3)]).map(\.key) == [related(2, 3)])
        #expect(try await graph.nodes([note(1), note(2)]).count == 2, "endpoints stay")
        #expect(try await graph.deleteRelationships([related(1, 2)]) == 0)
    }
}
