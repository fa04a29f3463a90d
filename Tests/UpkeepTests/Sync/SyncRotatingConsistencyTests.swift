import Foundation
import Testing
import UpkeepTesting

@testable import Upkeep

@Suite struct SyncRotatingConsistencyTests {
    private typealias F = SyncFixtures

    /// Loads `notes` into both stores as a finished sync would have left them, with a checkpoint
    /// past the last row so the job's sync steps read nothing.
    private static func loadInSync(_ notes: [Record], into harness: SyncTestHarness) async throws {
        try await harness.records.upsertRecords(notes)
        try await harness.graph.upsertNodes(notes.map(SyncPlanner().node(for:)))
        let last = try #require(notes.map(SyncCursor.init(after:)).max())
        try await harness.graph.applySyncBatch(GraphSyncBatch(), checkpoint: SyncCheckpoint(cursors: [.note: last]))
    }

    private static func sliceStart(in harness: SyncTestHarness) async throws -> Int64? {
        let checkpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        return checkpoint?.sliceStarts[.note]
    }

    @Test func driftIsFoundByTheRunWhoseSliceHoldsItAndTheSliceMovesOnEachRun() async throws {
        let harness = SyncTestHarness()
        let notes = (1...100).map { F.note($0, owner: nil, at: $0) }
        try await Self.loadInSync(notes, into: harness)
        var stale = SyncPlanner().node(for: notes[74])
        stale.updatedAt = F.time(9_999)
        try await harness.graph.upsertNodes([stale])
        let configuration = SyncJob.Configuration(overlapSeconds: 0, consistencySliceSize: 30)

        var found: [Int] = []
        var starts: [Int64?] = []
        for _ in 0..<4 {
            let report = await harness.sync(configuration)
            #expect(report.status == .succeeded)
            #expect(report.syncJobCount("slice.ids", in: SyncJob.verifyStep) <= 30 + 3 * 1)
            found.append(report.syncJobCount("drift.found", in: SyncJob.verifyStep))
            starts.append(try await Self.sliceStart(in: harness))
        }

        #expect(found == [0, 0, 1, 0])
        #expect(starts == [31, 61, 91, .min])
        let repaired = try await harness.graph.nodes([NodeKey(.note, 75)])
        #expect(repaired.first?.updatedAt == notes[74].updatedAt)
        let checkpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(checkpoint?.cursors[.note] == notes.map(SyncCursor.init(after:)).max())
    }

    @Test func anExtraNodeBeyondTheSourceBoundsIsFoundByTheSliceThatEndsTheCycle() async throws {
        let harness = SyncTestHarness()
        try await Self.loadInSync((1...100).map { F.note($0, owner: nil, at: $0) }, into: harness)
        try await harness.graph.upsertNodes([Node(key: NodeKey(.note, 7_000_000), createdAt: F.time(0))])
        let configuration = SyncJob.Configuration(overlapSeconds: 0, consistencySliceSize: 50)

        let first = await harness.sync(configuration)
        let second = await harness.sync(configuration)

        #expect(first.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
        #expect(first.syncJobCount("slice.cycles.completed", in: SyncJob.verifyStep) == 3)
        #expect(second.syncJobCount("drift.extra", in: SyncJob.verifyStep) == 1)
        #expect(second.syncJobCount("slice.cycles.completed", in: SyncJob.verifyStep) == 4)
        #expect(try await harness.graph.nodes([NodeKey(.note, 7_000_000)]).isEmpty)
    }

    @Test func aDryRunChecksTheNextSliceButDoesNotMoveIt() async throws {
        let harness = SyncTestHarness()
        try await Self.loadInSync((1...100).map { F.note($0, owner: nil, at: $0) }, into: harness)
        let configuration = SyncJob.Configuration(overlapSeconds: 0, consistencySliceSize: 40)
        _ = await harness.sync(configuration)

        let preview = await harness.sync(configuration, dryRun: true)

        #expect(preview.syncJobCount("slice.ids", in: SyncJob.verifyStep) == 40)
        #expect(try await Self.sliceStart(in: harness) == 41)
    }

    @Test func theFullScopeFindsDriftAnywhereInOneRun() async throws {
        let harness = SyncTestHarness()
        let notes = (1...10_000).map { F.note($0, owner: nil, at: $0 % 500) }
        try await Self.loadInSync(notes, into: harness)
        _ = try await harness.graph.deleteNodes([NodeKey(.note, 9_876)])
        let rotating = SyncJob.Configuration(overlapSeconds: 0, repairsDrift: false)
        let full = SyncJob.Configuration(overlapSeconds: 0, consistencyScope: .full, repairsDrift: false)

        let sliced = await harness.sync(rotating)
        let everything = await harness.sync(full)

        #expect(sliced.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
        #expect(sliced.syncJobCount("slice.ids", in: SyncJob.verifyStep) == 4_096)
        #expect(everything.syncJobCount("drift.missing", in: SyncJob.verifyStep) == 1)
        #expect(everything.syncJobCount("slice.ids", in: SyncJob.verifyStep) == 0)
        #expect(try await Self.sliceStart(in: harness) == 4_097)
    }

    @Test func aSliceWhoseDriftWasTruncatedIsCheckedAgainUntilEveryDriftIsRepaired() async throws {
        let harness = SyncTestHarness()
        try await Self.loadInSync((1...100).map { F.note($0, owner: nil, at: $0) }, into: harness)
        _ = try await harness.graph.deleteNodes((1...40).map { NodeKey(.note, $0) })
        let configuration = SyncJob.Configuration(
            overlapSeconds: 0, consistencySliceSize: 50, bisectionLeafSize: 4, maximumDriftRanges: 2)

        var repaired = 0
        var truncatedRuns = 0
        var runs = 0
        while try await Self.sliceStart(in: harness) != 51, runs < 20 {
            let report = await harness.sync(configuration)
            repaired += report.syncJobCount("drift.repaired", in: SyncJob.verifyStep)
            truncatedRuns += report.syncJobCount("drift.truncated", in: SyncJob.verifyStep)
            runs += 1
        }

        #expect(repaired == 40)
        #expect(truncatedRuns == runs - 1)
        #expect(runs >= 5)
        let graphDigest = try await harness.graph.digest(label: .note, ids: 1...100)
        #expect(try await graphDigest == harness.records.digest(kind: .note, ids: 1...100))
    }
}
