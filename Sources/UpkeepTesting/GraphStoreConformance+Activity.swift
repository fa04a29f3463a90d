import Foundation
import Testing
import Upkeep

extension GraphStoreConformance {
    // MARK: - Interactions

    static func interactionsAreRecordedOncePerID(_ graph: any GraphStore) async throws {
        let target = note(1)
        try await graph.recordInteractions([
            Fixture.interaction("i1", user: 1, target: target, at: t(1)),
            Fixture.interaction("i2", user: 1, target: target, at: t(2)),
        ])
        try await graph.recordInteractions([
            Fixture.interaction("i1", user: 2, target: target, at: t(5)),
            Fixture.interaction("i3", user: 2, target: target, at: t(3)),
            Fixture.interaction("i3", user: 2, target: target, at: t(3)),
        ])

        let tally = try await graph.interactionCounts([InteractionWindow(target: target, after: nil, through: t(10))])
        #expect(tally == [InteractionTally(count: 3, latest: t(3))], "a repeated id is stored once, the first time")
    }

    static func interactionWindows(_ graph: any GraphStore) async throws {
        let target = note(1)
        try await graph.recordInteractions([
            Fixture.interaction("a", user: 1, target: target, at: t(1)),
            Fixture.interaction("b", user: 2, target: target, at: t(2)),
            Fixture.interaction("c", user: 1, target: target, at: t(3)),
            Fixture.interaction("d", user: 1, target: note(2), at: t(2)),
        ])

        let tallies = try await graph.interactionCounts([
            InteractionWindow(target: target, after: t(1), through: t(3)),
            InteractionWindow(target: target, after: nil, through: t(2)),
            InteractionWindow(target: target, after: t(3), through: t(9)),
            InteractionWindow(target: target, after: t(0), through: t(1)),
            InteractionWindow(target: note(404), after: nil, through: t(9)),
            InteractionWindow(target: note(2), after: t(1.999), through: t(2)),
        ])
        #expect(
            tallies == [
                InteractionTally(count: 2, latest: t(3)), InteractionTally(count: 2, latest: t(2)), .zero,
                InteractionTally(count: 1, latest: t(1)), .zero, InteractionTally(count: 1, latest: t(2)),
            ], "windows are (after, through], one tally per window in order")
        #expect(try await graph.interactionCounts([]).isEmpty)
    }

    static func activeUsersArePagedInKeyOrder(_ graph: any GraphStore) async throws {
        let since = t(4)
        try await graph.recordInteractions([
            Fixture.interaction("1", user: 1, target: note(1), at: t(1)),
            Fixture.interaction("2", user: 2, target: note(1), at: t(5)),
            Fixture.interaction("3", user: 3, target: note(2), at: t(6)),
            Fixture.interaction("4", user: 4, target: note(1), at: since),
            Fixture.interaction("5a", user: 5, target: note(1), at: t(1)),
            Fixture.interaction("5b", user: 5, target: note(3), at: t(7)),
            Fixture.interaction("10", user: 10, target: note(1), at: t(8)),
        ])

        let scan = try await ConformancePaging.all(limit: 2, key: { $0 }) { after, limit in
            try await graph.activeUsers(since: since, after: after, limit: limit)
        }
        #expect(scan.items == [user(10), user(2), user(3), user(5)], "interactions strictly after `since`, key order")
        #expect(scan.pageSizes == [2, 2, 0])
    }

    // MARK: - Statistics and consistency

    static func ownedItemsFollowTheOwnerProperty(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes([
            Fixture.node(.note, 1, owner: 1, createdAt: t(1)), Fixture.node(.note, 2, owner: 1, createdAt: t(2)),
            Fixture.node(.event, 1, owner: 1, createdAt: t(3)), Fixture.node(.note, 3, owner: 2, createdAt: t(4)),
            Fixture.node(.tag, 1, owner: 1), Fixture.node(.user, 1), Fixture.node(.user, 3),
        ])

        let owned = try await graph.ownedItems(by: [user(1), user(3)], labels: [.note, .event])
        #expect(Array(owned.keys) == [user(1)], "users that own nothing are left out")
        let items = owned[user(1), default: []].sorted { $0.key < $1.key }
        #expect(
            items == [
                OwnedItem(key: NodeKey(.event, 1), owner: user(1), createdAt: t(3)),
                OwnedItem(key: note(1), owner: user(1), createdAt: t(1)),
                OwnedItem(key: note(2), owner: user(1), createdAt: t(2)),
            ])

        try await graph.upsertNodes([Fixture.node(.note, 2, owner: 2, createdAt: t(2))])
        let moved = try await graph.ownedItems(by: [user(1), user(2)], labels: [.note])
        #expect(moved[user(1)]?.map(\.key) == [note(1)], "a new owner property moves the item")
        #expect(Set(moved[user(2), default: []].map(\.key)) == [note(2), note(3)])
    }

    static func itemsCreatedInAHalfOpenRangeArePaged(_ graph: any GraphStore) async throws {
        let notes = (1...8).map { Fixture.node(.note, Int64($0), owner: 1, createdAt: t(Double($0))) }
        try await graph.upsertNodes(
            notes + [
                Fixture.node(.event, 1, createdAt: t(3)), Fixture.node(.event, 2, createdAt: t(2)),
                Fixture.node(.tag, 1, createdAt: t(3)),
            ])

        let scan = try await ConformancePaging.all(limit: 2, key: \OwnedItem.key) { after, limit in
            try await graph.itemsCreated(from: t(2), to: t(6), labels: [.note, .event], after: after, limit: limit)
        }
        let expectedNotes = (2...5).map { OwnedItem(key: note(Int64($0)), owner: user(1), createdAt: t(Double($0))) }
        #expect(
            scan.items == [
                OwnedItem(key: NodeKey(.event, 1), owner: nil, createdAt: t(3)),
                OwnedItem(key: NodeKey(.event, 2), owner: nil, createdAt: t(2)),
            ] + expectedNotes, "created in [from, to), in key order, with owners")
        #expect(scan.pageSizes == [2, 2, 2, 0])
    }

    static func digestsSkipPlaceholders(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes([
            Fixture.node(.note, 1, updatedAt: t(1)), Fixture.node(.note, 2, updatedAt: t(2)),
            Fixture.placeholder(note(3)), Node(key: NodeKey(.note, "abc"), createdAt: t(0)),
            Fixture.node(.note, 50, updatedAt: t(5)), Fixture.node(.user, 1, updatedAt: t(1)),
        ])

        var expected = ConsistencyDigest.empty
        expected.add(id: 1, updatedAt: t(1))
        expected.add(id: 2, updatedAt: t(2))
        #expect(try await graph.digest(label: .note, ids: 1...10) == expected)
        var second = ConsistencyDigest.empty
        second.add(id: 2, updatedAt: t(2))
        #expect(try await graph.digest(label: .note, ids: 2...2) == second, "the id range is inclusive")
        #expect(try await graph.digest(label: .event, ids: 1...10) == .empty)
    }

    static func countsTallyNodesAndRelationships(_ graph: any GraphStore) async throws {
        let empty = try await graph.counts()
        #expect(empty.nodes == 0 && empty.relationships == 0)
        try await graph.upsertNodes(notes(1...3) + [Fixture.node(.user, 1), Fixture.node(.user, 2)])
        try await graph.upsertRelationships([
            Relationship(key: RelationshipKey(.created, from: user(1), to: note(1)), createdAt: t(0)),
            Relationship(key: related(1, 2), createdAt: t(0)),
        ])

        let counts = try await graph.counts()
        #expect(counts.nodesByLabel.filter { $0.value > 0 } == [.note: 3, .user: 2])
        #expect(counts.relationships == 2)
    }
}
