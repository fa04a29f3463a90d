import Foundation
import Testing
import UpkeepTesting

@testable import Upkeep

@Suite struct SyncConsistencyTests {
    private typealias F = SyncFixtures

    /// Loads `notes` into both stores directly, as a finished sync would have left them, with a
    /// checkpoint past the last row so the job's sync steps read nothing.
    private static func loadInSync(_ notes: [Record], into harness: SyncTestHarness) async throws {
        try await harness.records.upsertRecords(notes)
        let planner = SyncPlanner()
        try await harness.graph.upsertNodes(notes.filter { $0.status != .deleted }.map(planner.node(for:)))
        let last = notes.max { SyncCursor(after: $0) < SyncCursor(after: $1) }.map(SyncCursor.init(after:))
        let checkpoint = SyncCheckpoint(cursors: [.note: try #require(last)])
        try await harness.graph.applySyncBatch(GraphSyncBatch(), checkpoint: checkpoint)
    }

    @Test func singleDriftedRowAmongOneHundredThousandIsFoundAndRepaired() async throws {
        let harness = SyncTestHarness()
        let notes = (1...100_000).map { Record(kind: .note, id: $0, createdAt: F.time($0 % 1_000)) }
        try await Self.loadInSync(notes, into: harness)
        var drifted = SyncPlanner().node(for: notes[61_233])
        drifted.updatedAt = F.time(-5)
        try await harness.graph.upsertNodes([drifted])

        let report = await harness.sync(SyncJob.Configuration(overlapSeconds: 0, consistencyScope: .full))

        #expect(report.status == .succeeded)
        #expect(report.syncJobTotal("rows.read") == 0)
        let verify = try #require(report.step(SyncJob.verifyStep))
        #expect(verify.counts["drift.found"] == 1)
        #expect(verify.counts["drift.stale"] == 1)
        #expect(verify.counts["drift.repaired"] == 1)
        #expect(verify.notes == ["note 61234: stale"])
        #expect((verify.counts["ids.compared"] ?? 0) <= 32)
        let noteLevels = Int(log2(100_000.0 / 32).rounded(.up))
        #expect((verify.counts["digest.calls"] ?? 0) <= 2 + 4 + 2 * noteLevels + 3 * 2)
        let repaired = try await harness.graph.nodes([NodeKey(.note, 61_234)])
        #expect(repaired.first?.updatedAt == notes[61_233].updatedAt)
        let graphDigest = try await harness.graph.digest(label: .note, ids: 1...100_000)
        #expect(try await graphDigest == harness.records.digest(kind: .note, ids: 1...100_000))
    }

    @Test func missingExtraAndStaleNodesAreNamedAndRepairedButADryRunOnlyReports() async throws {
        let harness = SyncTestHarness()
        let notes = (1...1_000).map { id in
            F.note(id, owner: 1, tags: [2], at: id % 60, status: id == 250 ? .deleted : .active)
        }
        try await Self.loadInSync(notes, into: harness)
        _ = try await harness.graph.deleteNodes([NodeKey(.note, 500)])
        var stale = SyncPlanner().node(for: notes[699])
        stale.updatedAt = F.time(9_999)
        let extras = [NodeKey(.note, 5_000_000_000), NodeKey(.note, -4), NodeKey(.note, 250)]
        try await harness.graph.upsertNodes(
            [stale] + extras.map { Node(key: $0, createdAt: F.time(0)) })
        let configuration = SyncJob.Configuration(overlapSeconds: 0)

        let checkpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        let preview = await harness.sync(configuration, dryRun: true)
        let previewGraph = try await harness.snapshot()
        let repair = await harness.sync(configuration)
        let after = await harness.sync(configuration)

        let verify = try #require(preview.step(SyncJob.verifyStep))
        #expect(verify.counts["drift.found"] == 5)
        #expect(verify.counts["drift.missing"] == 1)
        #expect(verify.counts["drift.extra"] == 3)
        #expect(verify.counts["drift.stale"] == 1)
        #expect(verify.counts["drift.repaired"] == nil)
        #expect(
            Set(verify.notes) == [
                "note -4: extraInGraph", "note 250: extraInGraph", "note 500: missingInGraph",
                "note 700: stale", "note 5000000000: extraInGraph",
            ])
        #expect(previewGraph.nodes[NodeKey(.note, 500)] == nil)

        #expect(repair.syncJobCount("drift.repaired", in: SyncJob.verifyStep) == 5)
        #expect(after.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
        let cursors = try await harness.graph.checkpoint(named: SyncJob.checkpointName)?.cursors
        #expect(cursors == checkpoint?.cursors)
        let graph = try await harness.snapshot()
        #expect(extras.allSatisfy { graph.nodes[$0] == nil })
        #expect(graph.nodes[NodeKey(.note, 500)]?.updatedAt == notes[499].updatedAt)
        #expect(graph.nodes[NodeKey(.note, 700)]?.updatedAt == notes[699].updatedAt)
        let restoredEdge = RelationshipKey(.created, from: NodeKey(.user, 1), to: NodeKey(.note, 500))
        #expect(graph.relationships[restoredEdge] != nil)
    }

    @Test func driftIsOnlyReportedWhenRepairIsTurnedOff() async throws {
        let harness = SyncTestHarness()
        try await Self.loadInSync((1...100).map { F.note($0, owner: nil, at: $0) }, into: harness)
        _ = try await harness.graph.deleteNodes([NodeKey(.note, 42)])

        let report = await harness.sync(SyncJob.Configuration(overlapSeconds: 0, repairsDrift: false))

        #expect(report.status == .succeeded)
        #expect(report.syncJobCount("drift.missing", in: SyncJob.verifyStep) == 1)
        #expect(report.step(SyncJob.verifyStep)?.counts["drift.repaired"] == nil)
        #expect(try await harness.graph.nodes([NodeKey(.note, 42)]).isEmpty)
    }

    @Test func driftBeyondTheRangeLimitIsReportedAsTruncated() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords((1...400).map { F.note($0, owner: nil, at: 1) })
        let configuration = SyncJob.Configuration(
            verifiesConsistency: true, bisectionLeafSize: 4, maximumDriftRanges: 2)

        let report = await harness.sync(configuration, dryRun: true)

        let verify = try #require(report.step(SyncJob.verifyStep))
        #expect(verify.counts["drift.truncated"] == 1)
        #expect(verify.counts["drift.found"] == 7)
        #expect(verify.counts["ids.compared"] == 7)
        #expect(verify.notes.first == "note: drift spans more than 2 ranges of 4 ids; the rest waits for later runs")
    }
}
