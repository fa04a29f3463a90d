import Foundation
import Synchronization
import Testing
import UpkeepTesting

@testable import Upkeep

@Suite struct SyncJobTests {
    private typealias F = SyncFixtures

    // MARK: - End to end

    @Test func jobEndToEndReportsEveryStepWithItsCounts() async throws {
        let clock = ManualClock(F.time(3_600))
        let harness = SyncTestHarness(clock: clock)
        try await harness.records.upsertRecords(
            [F.user(1, at: 10), F.user(2, at: 20), F.tag(1, at: 5)]
                + (1...5).map { F.note($0, owner: 1, tags: [1, 2], at: 100 + $0) }
                + [F.event(1, owner: 3, at: 200), F.note(6, owner: 2, at: 300, status: .archived)])
        let events = Mutex<[JobProgress]>([])

        let report = await harness.sync(batchSize: 2) { progress in events.withLock { $0.append(progress) } }

        #expect(report.status == .succeeded)
        #expect(report.startedAt == F.time(3_600))
        #expect(report.finishedAt == F.time(3_600))
        #expect(
            report.steps.map(\.name) == [
                "sync-users", "sync-tags", "sync-notes", "sync-events", SyncJob.verifyStep,
            ])
        #expect(report.syncJobCount("rows.read", in: "sync-users") == 2)
        #expect(report.syncJobCount("batches.applied", in: "sync-users") == 1)
        #expect(report.syncJobCount("rows.read", in: "sync-notes") == 6)
        #expect(report.syncJobCount("batches.applied", in: "sync-notes") == 3)
        #expect(report.syncJobCount("nodes.upserted", in: "sync-notes") == 6)
        #expect(report.syncJobCount("nodes.archived", in: "sync-notes") == 1)
        #expect(report.syncJobCount("edges.created", in: "sync-notes") == 6 + 5 + 5)
        #expect(report.syncJobCount("placeholders.created", in: "sync-notes") == 1)
        #expect(report.syncJobCount("placeholders.created", in: "sync-events") == 1)
        #expect(report.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
        #expect(report.syncJobCount("digest.calls", in: SyncJob.verifyStep) == 2 * 4)  // two per agreeing kind

        let stored = try await harness.ledger.report(id: report.id)
        #expect(stored == report)
        let noteProgress = events.withLock { $0.filter { $0.step == "sync-notes" }.map(\.completed) }
        #expect(noteProgress == [2, 4, 6])

        let graph = try await harness.snapshot()
        let expectedNodes = 3 + 2 + 6 + 1  // users with placeholder 3, tags with placeholder 2, notes, event
        #expect(graph.nodes.count == expectedNodes)
        #expect(graph.nodes[NodeKey(.user, 3)]?.properties[Node.Property.placeholder] == .bool(true))
        #expect(graph.nodes[NodeKey(.tag, 2)]?.properties[Node.Property.placeholder] == .bool(true))
        #expect(graph.nodes[NodeKey(.note, 6)]?.properties[Node.Property.status] == .string("archived"))
        let checkpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(checkpoint?.cursors[.note] == SyncCursor(updatedAt: F.time(300), id: 6))
        #expect(checkpoint?.cursors[.event] == SyncCursor(updatedAt: F.time(200), id: 1))
    }

    @Test func laterRunRereadsOnlyTheOverlapWindowAndNeverMovesTheCursorBack() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1)] + (1...10).map { F.note($0, owner: 1, at: $0 * 100) })
        _ = await harness.sync()
        let before = try await harness.graph.checkpoint(named: SyncJob.checkpointName)

        let rerun = await harness.sync(SyncJob.Configuration(overlapSeconds: 250))

        #expect(rerun.status == .succeeded)
        #expect(rerun.syncJobCount("rows.read", in: "sync-notes") == 3)
        #expect(rerun.syncJobCount("edges.created", in: "sync-notes") == 0)
        let after = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(after == before)
        #expect(after?.cursors[.note] == SyncCursor(updatedAt: F.time(1_000), id: 10))
    }

    @Test func lateCommitInsideTheOverlapWindowIsPickedUp() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1), F.note(1, owner: 1, at: 1_000)])
        _ = await harness.sync()

        try await harness.records.upsertRecords([F.note(2, owner: 1, at: 900)])
        let rerun = await harness.sync()

        #expect(rerun.syncJobCount("rows.read", in: "sync-notes") == 2)
        let graph = try await harness.snapshot()
        #expect(graph.nodes[NodeKey(.note, 2)] != nil)
        let checkpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(checkpoint?.cursors[.note] == SyncCursor(updatedAt: F.time(1_000), id: 1))
    }

    // MARK: - Placeholders, archive, delete

    @Test func noteWhoseUserHasNotArrivedGetsAPlaceholderOwnerThatIsFilledInLater() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.note(1, owner: 9, at: 10)])

        let first = await harness.sync()

        #expect(first.syncJobCount("placeholders.created", in: "sync-notes") == 1)
        #expect(first.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
        var graph = try await harness.snapshot()
        let created = RelationshipKey(.created, from: NodeKey(.user, 9), to: NodeKey(.note, 1))
        #expect(graph.nodes[NodeKey(.user, 9)]?.properties == [Node.Property.placeholder: .bool(true)])
        #expect(graph.relationships[created] != nil)

        try await harness.records.upsertRecords([F.user(9, at: 50)])
        let second = await harness.sync()

        #expect(second.syncJobCount("nodes.upserted", in: "sync-users") == 1)
        #expect(second.syncJobCount("placeholders.created", in: "sync-notes") == 0)
        graph = try await harness.snapshot()
        let owner = try #require(graph.nodes[NodeKey(.user, 9)])
        #expect(owner.properties[Node.Property.placeholder] == nil)
        #expect(owner.properties["name"] == .string("user 9"))
        #expect(owner.updatedAt == F.time(50))
        #expect(graph.relationships[created] != nil)
    }

    @Test func archivedAndDeletedRowsPropagate() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1), F.note(1, owner: 1, tags: [4]), F.note(2, owner: 1)])
        _ = await harness.sync()

        let archived = try await harness.records.archive(kind: .note, ids: [1], at: F.time(500))
        try await harness.records.upsertRecords([F.note(2, owner: 1, at: 600, status: .deleted)])
        let report = await harness.sync()

        #expect(archived == 1)
        #expect(report.syncJobCount("nodes.archived", in: "sync-notes") == 1)
        #expect(report.syncJobCount("nodes.deleted", in: "sync-notes") == 1)
        #expect(report.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
        let graph = try await harness.snapshot()
        let note = try #require(graph.nodes[NodeKey(.note, 1)])
        #expect(note.properties[Node.Property.status] == .string("archived"))
        #expect(note.updatedAt == F.time(500))
        #expect(graph.relationships[RelationshipKey(.taggedWith, from: note.key, to: NodeKey(.tag, 4))] != nil)
        #expect(graph.nodes[NodeKey(.note, 2)] == nil)
        #expect(graph.relationships.keys.allSatisfy { $0.to != NodeKey(.note, 2) })
    }

    @Test func deletedUserIsNotBroughtBackAsAPlaceholder() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1), F.note(1, owner: 1)])
        _ = await harness.sync()

        try await harness.records.upsertRecords([F.user(1, at: 100, status: .deleted)])
        _ = await harness.sync()
        try await harness.records.upsertRecords([F.note(1, owner: 1, at: 200, title: "edited")])
        let report = await harness.sync()

        #expect(report.syncJobCount("placeholders.created", in: "sync-notes") == 0)
        #expect(report.syncJobCount("edges.created", in: "sync-notes") == 0)
        let graph = try await harness.snapshot()
        #expect(graph.nodes[NodeKey(.user, 1)] == nil)
        #expect(graph.nodes[NodeKey(.note, 1)]?.properties[Node.Property.title] == .string("edited"))
        #expect(graph.relationships.isEmpty)

        let clean = SyncTestHarness()
        try await clean.records.upsertRecords([
            F.user(1, at: 100, status: .deleted), F.note(1, owner: 1, at: 200, title: "edited"),
        ])
        _ = await clean.sync()
        #expect(try await clean.snapshot() == graph)
    }

    @Test func ownerAndTagChangesRelinkTheNote() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1), F.user(2), F.note(1, owner: 1, tags: [1, 2])])
        _ = await harness.sync()

        try await harness.records.upsertRecords([F.note(1, owner: 2, tags: [2, 3], at: 100)])
        let report = await harness.sync()

        #expect(report.syncJobCount("edges.removed", in: "sync-notes") == 2)
        #expect(report.syncJobCount("edges.created", in: "sync-notes") == 2)
        let keys = Set(try await harness.snapshot().relationships.keys)
        let note = NodeKey(.note, 1)
        #expect(
            keys == [
                RelationshipKey(.created, from: NodeKey(.user, 2), to: note),
                RelationshipKey(.taggedWith, from: note, to: NodeKey(.tag, 2)),
                RelationshipKey(.taggedWith, from: note, to: NodeKey(.tag, 3)),
            ])
    }

    // MARK: - Dry run, cancellation, switches

    @Test func dryRunPlansEverythingAndWritesNothingNotEvenTheCheckpoint() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1)] + (1...30).map { F.note($0, owner: 1, at: $0) })

        let report = await harness.sync(batchSize: 7, dryRun: true)

        #expect(report.status == .succeeded)
        #expect(report.dryRun)
        #expect(report.syncJobCount("rows.read", in: "sync-notes") == 30)
        #expect(report.syncJobCount("nodes.upserted", in: "sync-notes") == 30)
        #expect(report.syncJobCount("batches.applied", in: "sync-notes") == 0)
        #expect(report.syncJobCount("drift.missing", in: SyncJob.verifyStep) == 31)
        #expect(report.syncJobCount("drift.repaired", in: SyncJob.verifyStep) == 0)
        #expect(try await harness.graph.counts().nodes == 0)
        #expect(try await harness.graph.checkpoint(named: SyncJob.checkpointName) == nil)
    }

    @Test func consistencyCheckCanBeTurnedOff() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1)])

        let report = await harness.sync(SyncJob.Configuration(verifiesConsistency: false))

        #expect(report.status == .succeeded)
        #expect(report.step(SyncJob.verifyStep)?.outcome == .skipped)
    }

    @Test func cancellationBetweenPagesKeepsTheAppliedPagesAndResumes() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1)] + (1...9).map { F.note($0, owner: 1, at: $0) })

        // The handler runs on the job's task; a task of its own keeps the test's task uncancelled.
        let cancelled = await Task {
            await harness.sync(batchSize: 3) { progress in
                guard progress.step == "sync-notes", progress.completed == 3 else { return }
                withUnsafeCurrentTask { $0?.cancel() }
            }
        }.value

        #expect(cancelled.status == .cancelled)
        #expect(cancelled.step("sync-notes")?.outcome == .cancelled)
        let checkpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(checkpoint?.cursors[.note] == SyncCursor(updatedAt: F.time(3), id: 3))

        let resumed = await harness.sync(SyncJob.Configuration(overlapSeconds: 0), batchSize: 3)
        #expect(resumed.status == .succeeded)
        #expect(resumed.syncJobCount("rows.read", in: "sync-notes") == 6)
        #expect(try await harness.snapshot().nodes.count == 10)
    }
}
