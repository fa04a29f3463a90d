import Foundation
import Testing
import Upkeep

extension GraphStoreConformance {
    /// The name ``GraphStore/applySyncBatch(_:checkpoint:)`` stores its checkpoint under.
    static let checkpointName = JobName.sync.rawValue

    static func syncBatchAppliesInTheDocumentedOrder(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...2))
        try await graph.upsertRelationships([
            Relationship(key: related(1, 2), weight: 0.7, createdAt: t(0)),
            Relationship(key: related(2, 1), createdAt: t(0)),
        ])
        #expect(try await graph.checkpoint(named: checkpointName) == nil, "no checkpoint before the first sync")

        let renamed = Fixture.node(.note, 2, title: "renamed", updatedAt: t(5))
        let batch = GraphSyncBatch(
            upsertNodes: [Fixture.node(.note, 3), renamed, Fixture.node(.note, 4)],
            deleteNodes: [note(4)],
            upsertRelationships: [
                Relationship(key: related(1, 2), createdAt: t(0)), Relationship(key: related(3, 1), createdAt: t(0)),
            ],
            deleteRelationships: [related(2, 1)])
        let checkpoint = SyncCheckpoint(
            cursors: [.note: SyncCursor(updatedAt: t(5), id: 3)], sliceStarts: [.note: 4_097, .event: -1])
        try await graph.applySyncBatch(batch, checkpoint: checkpoint)

        #expect(
            try await graph.nodes((1...4).map { note($0) }).map(\.key) == [note(1), note(2), note(3)],
            "nodes are upserted before deletes run")
        #expect(try await graph.nodes([note(2)]) == [renamed])
        let relationships = try await graph.relationships([related(1, 2), related(2, 1), related(3, 1)])
        #expect(relationships.map(\.key) == [related(1, 2), related(3, 1)])
        #expect(relationships.first?.weight == 0.7, "an existing relationship keeps its weight")
        #expect(try await graph.checkpoint(named: checkpointName) == checkpoint, "cursors and slice starts are stored")
    }

    static func failedSyncBatchLeavesNoTrace(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes(notes(1...1))
        let first = SyncCheckpoint(cursors: [.note: SyncCursor(updatedAt: t(1), id: 1)])
        try await graph.applySyncBatch(GraphSyncBatch(), checkpoint: first)
        let later = SyncCheckpoint(cursors: [.note: SyncCursor(updatedAt: t(9), id: 9)])

        let dangling = GraphSyncBatch(
            upsertNodes: [Fixture.node(.note, 2)],
            upsertRelationships: [Relationship(key: related(2, 9), createdAt: t(0))])
        await ConformanceExpectations.expectStoreError(.notFound, mentioning: "Note:9", "a missing endpoint fails") {
            try await graph.applySyncBatch(dangling, checkpoint: later)
        }
        let deletedEndpoint = GraphSyncBatch(
            deleteNodes: [note(1)], upsertRelationships: [Relationship(key: related(1, 1), createdAt: t(0))])
        await ConformanceExpectations.expectStoreError(
            .notFound, mentioning: "Note:1", "an endpoint deleted by the same batch is missing"
        ) {
            try await graph.applySyncBatch(deletedEndpoint, checkpoint: later)
        }

        #expect(try await graph.nodes([note(1), note(2)]).map(\.key) == [note(1)], "nothing of a failed batch stays")
        #expect(try await graph.checkpoint(named: checkpointName) == first, "the checkpoint does not move")
    }

    static func emptyBatchesChangeNothing(_ graph: any GraphStore) async throws {
        try await graph.upsertNodes([])
        try await graph.upsertRelationships([])
        try await graph.recordInteractions([])
        #expect(try await graph.nodes([]).isEmpty)
        #expect(try await graph.relationships([]).isEmpty)
        #expect(try await graph.writeWeights([]) == 0)
        #expect(try await graph.deleteNodes([]) == 0)
        #expect(try await graph.deleteRelationships([]) == 0)
        #expect(try await graph.ownedItems(by: [], labels: [.note]).isEmpty)
        #expect(try await graph.staleRelationships(updatedBefore: t(1), after: nil, limit: 10).isEmpty)
        #expect(try await graph.activeUsers(since: t(0), after: nil, limit: 10).isEmpty)
        let counts = try await graph.counts()
        #expect(counts.nodes == 0 && counts.relationships == 0)

        try await graph.upsertNodes(notes(1...2))
        try await graph.upsertRelationships([Relationship(key: related(1, 2), weight: 0, createdAt: t(0))])
        #expect(try await graph.scanNodes(labels: [.note], after: nil, limit: 0).isEmpty, "a zero limit reads nothing")
        #expect(try await graph.staleRelationships(updatedBefore: t(1), after: nil, limit: 0).isEmpty)
        #expect(try await graph.weakRelationships(weightBelow: 1, inactiveSince: t(1), after: nil, limit: 0).isEmpty)
    }

    static func timesKeepMillisecondPrecision(_ graph: any GraphStore) async throws {
        let precise = Fixture.epoch.addingTimeInterval(0.123_456_7)
        let millis = Date(epochMilliseconds: Fixture.epoch.epochMilliseconds + 123)
        try await graph.upsertNodes([Node(key: note(1), createdAt: precise), Node(key: note(2), createdAt: precise)])
        try await graph.upsertRelationships([Relationship(key: related(1, 2), createdAt: precise)])
        try await graph.recordInteractions([Fixture.interaction("i", user: 1, target: note(2), at: precise)])

        let node = try #require(try await graph.nodes([note(1)]).first)
        #expect(node.createdAt == millis && node.updatedAt == millis, "node times are whole milliseconds")
        let relationship = try #require(try await graph.relationships([related(1, 2)]).first)
        #expect(relationship.createdAt == millis && relationship.updatedAt == millis)
        let tally = try await graph.interactionCounts([InteractionWindow(target: note(2), after: nil, through: millis)])
        #expect(tally == [InteractionTally(count: 1, latest: millis)])
    }

    static func concurrentWritersLoseNoUpdates(_ graph: any GraphStore) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let base = Int64(writer * 100)
                    try await graph.upsertNodes(notes((base + 1)...(base + 25)))
                    let keys = (base + 2...base + 25).map { related(base + 1, $0) }
                    try await graph.upsertRelationships(keys.map { Relationship(key: $0, createdAt: t(0)) })
                    _ = try await graph.writeWeights(keys.map { WeightWrite(key: $0, weight: 0.5, updatedAt: t(1)) })
                }
            }
            try await group.waitForAll()
        }

        let counts = try await graph.counts()
        #expect(counts.nodesByLabel[.note] == 200)
        #expect(counts.relationships == 192)
        let stillStale = try await graph.staleRelationships(updatedBefore: t(1), after: nil, limit: 500)
        #expect(stillStale.count == 0, "every concurrent weight write landed")
    }
}
