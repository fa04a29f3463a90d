import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite struct FaultInjectingGraphStoreTests {
    @Test func theChosenWriteFailsWithoutReachingTheStore() async throws {
        let base = InMemoryGraphStore()
        let graph = FaultInjectingGraphStore(wrapping: base, failingWrite: 2)
        try await graph.upsertNodes([Fixture.node(.note, 1)])

        await #expect(throws: StoreError.self) {
            try await graph.upsertNodes([Fixture.node(.note, 2)])
        }
        #expect(try await base.nodes([NodeKey(.note, 2)]).isEmpty, "the failed write changed nothing")

        try await graph.upsertNodes([Fixture.node(.note, 3)])
        #expect(try await base.counts().nodes == 2, "writes after the failing one pass through")
        #expect(graph.writeCount == 3)
    }

    @Test func readsAreNotCountedAsWrites() async throws {
        let graph = FaultInjectingGraphStore(wrapping: InMemoryGraphStore(), failingWrite: 1)
        _ = try await graph.counts()
        _ = try await graph.staleRelationships(updatedBefore: Fixture.epoch, after: nil, limit: 10)
        #expect(graph.writeCount == 0)

        do {
            try await graph.applySyncBatch(GraphSyncBatch(), checkpoint: SyncCheckpoint())
            Issue.record("the first write should have failed")
        } catch let error as StoreError {
            #expect(error.code == .unavailable && error.operation == "applySyncBatch")
        }
        #expect(try await graph.checkpoint(named: JobName.sync.rawValue) == nil)
    }
}
