import Foundation
import Synchronization
import Testing
import UpkeepDemo
import UpkeepTesting

@testable import Upkeep

@Suite struct SyncResumeTests {
    private typealias F = SyncFixtures

    @Test func rowsSharingOneUpdatedAtAreNeverSkippedAcrossPageBoundaries() async throws {
        let harness = SyncTestHarness()
        try await harness.records.upsertRecords([F.user(1)] + (1...2_500).map { F.note($0, owner: 1, at: 100) })

        let report = await harness.sync(batchSize: 1_000)

        #expect(report.status == .succeeded)
        #expect(report.syncJobCount("rows.read", in: "sync-notes") == 2_500)
        #expect(report.syncJobCount("batches.applied", in: "sync-notes") == 3)
        #expect(report.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
        #expect(try await harness.graph.counts().nodesByLabel[.note] == 2_500)
        let checkpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(checkpoint?.cursors[.note] == SyncCursor(updatedAt: F.time(100), id: 2_500))
    }

    @Test func applyingTheSamePageTwiceEqualsApplyingItOnce() async throws {
        let graph = InMemoryGraphStore()
        let source = InMemoryRecordStore()
        let job = SyncJob()
        let seed = try await job.plan([F.user(1), F.note(4, owner: 1, tags: [1])], graph: graph, source: source)
        try await graph.applySyncBatch(seed.batch, checkpoint: SyncCheckpoint())
        let page = [
            F.note(1, owner: 1, tags: [1, 2], at: 10),
            F.note(2, owner: 7, tags: [3], at: 10),
            F.note(3, owner: 1, at: 11, status: .archived),
            F.note(4, owner: 1, at: 12, status: .deleted),
            F.event(1, owner: 8, at: 12),
        ]
        let checkpoint = SyncCheckpoint(cursors: [.note: SyncCursor(updatedAt: F.time(12), id: 4)])

        let first = try await job.plan(page, graph: graph, source: source)
        try await graph.applySyncBatch(first.batch, checkpoint: checkpoint)
        let once = try await GraphSnapshot.of(graph)
        let second = try await job.plan(page, graph: graph, source: source)
        try await graph.applySyncBatch(second.batch, checkpoint: checkpoint)
        let twice = try await GraphSnapshot.of(graph)

        #expect(once == twice)
        #expect(first.summary.placeholdersCreated == 4)
        #expect(first.summary.nodesDeleted == 1)
        #expect(second.summary.placeholdersCreated == 0)
        #expect(second.summary.edgesCreated == 0)
        #expect(second.summary.edgesRemoved == 0)
        #expect(second.summary.nodesDeleted == 0)
        #expect(second.summary.nodesUpserted == first.summary.nodesUpserted)
    }

    @Test func crashBetweenBatchesResumesWithNoRowLostOrDuplicated() async throws {
        let rows = Self.mixedRows()
        let crashing = FailingGraphStore(failingOnCall: 9)
        let harness = SyncTestHarness(graph: crashing)
        let clean = SyncTestHarness()
        try await harness.records.upsertRecords(rows)
        try await clean.records.upsertRecords(rows)
        // No overlap, so every row is read exactly once; no repair, so a lost row stays lost.
        let configuration = SyncJob.Configuration(overlapSeconds: 0, verifiesConsistency: false)

        let crashed = await harness.sync(configuration, batchSize: 64)
        crashing.disarm()
        let resumed = await harness.sync(configuration, batchSize: 64)
        let reference = await clean.sync(configuration, batchSize: 64)
        let audit = await harness.sync(SyncJob.Configuration(overlapSeconds: 0), dryRun: true)

        #expect(crashed.status == .failed)
        #expect(crashed.step("sync-notes")?.outcome == .failed)
        #expect(crashed.errors.first?.contains("simulated crash") == true)
        #expect(resumed.status == .succeeded)
        #expect(reference.status == .succeeded)
        #expect(crashed.syncJobTotal("rows.read") + resumed.syncJobTotal("rows.read") == rows.count + 64)
        let upserted = crashing.appliedRealNodeKeys
        #expect(Set(upserted).count == upserted.count, "a row was applied twice")
        #expect(try await harness.snapshot() == clean.snapshot())
        let resumedCheckpoint = try await harness.graph.checkpoint(named: SyncJob.checkpointName)
        #expect(try await resumedCheckpoint == clean.graph.checkpoint(named: SyncJob.checkpointName))
        #expect(audit.step(SyncJob.verifyStep)?.outcome == .succeeded)
        #expect(audit.syncJobCount("drift.found", in: SyncJob.verifyStep) == 0)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomHistoriesWithCrashesConvergeToACleanSyncOfTheFinalRows(seed: UInt64) async throws {
        var random = SeededRandomNumberGenerator(seed: seed)
        let harness = SyncTestHarness(graph: FailingGraphStore(failureRate: 0.2, seed: seed))
        let configuration = SyncJob.Configuration(overlapSeconds: 2, verifiesConsistency: false)
        var final: [NodeKey: Record] = [:]
        var second: Int64 = 0
        var crashes = 0

        for _ in 0..<6 {
            var changes: [Record] = []
            for _ in 0..<40 {
                second += Int64(random.next() % 3)
                guard let row = Self.randomRow(at: second, using: &random, after: final) else { continue }
                changes.append(row)
                final[row.nodeKey] = row
            }
            try await harness.records.upsertRecords(changes)
            crashes += try await Self.syncUntilSucceeded(harness, configuration)
        }

        let clean = SyncTestHarness()
        try await clean.records.upsertRecords(Array(final.values))
        _ = await clean.sync(configuration, batchSize: 8)
        let expected = try await clean.snapshot()
        let actual = try await harness.snapshot()
        let isPlaceholder = { (node: Node) in node.properties[Node.Property.placeholder] != nil }
        #expect(actual.nodes.filter { !isPlaceholder($0.value) } == expected.nodes.filter { !isPlaceholder($0.value) })
        #expect(Set(actual.relationships.keys) == Set(expected.relationships.keys))
        let placeholders = Set(actual.nodes.values.filter(isPlaceholder).map(\.key))
        #expect(placeholders.isSuperset(of: expected.nodes.values.filter(isPlaceholder).map(\.key)))
        #expect(crashes > 0)
    }

    /// Runs the sync until a run succeeds and returns how many runs crashed first.
    private static func syncUntilSucceeded(
        _ harness: SyncTestHarness,
        _ configuration: SyncJob.Configuration
    ) async throws -> Int {
        for crashes in 0..<50 {
            let report = await harness.sync(configuration, batchSize: 8)
            if report.status == .succeeded { return crashes }
            try #require(report.status == .failed)
        }
        Issue.record("the sync never succeeded")
        return 50
    }

    /// A random new version of a user, tag, note or event; users and tags, once deleted, never
    /// come back (bringing them back would need their items re-linked, which the sync does not
    /// do), so `nil` when the pick was one of those.
    private static func randomRow(
        at second: Int64,
        using random: inout SeededRandomNumberGenerator,
        after rows: [NodeKey: Record]
    ) -> Record? {
        let roll = random.next() % 10
        let status: RecordStatus = roll == 0 ? .deleted : (roll == 1 ? .archived : .active)
        let tags = (0..<(random.next() % 4)).map { _ in Int64(random.next() % 10 + 1) }
        let owner = Int64(random.next() % 18 + 1)
        let row: Record
        switch random.next() % 10 {
        case 0, 1:
            row = F.user(Int64(random.next() % 15 + 1), at: second, status: status == .archived ? .active : status)
        case 2: row = F.tag(Int64(random.next() % 8 + 1), at: second)
        case 3, 4: row = F.event(Int64(random.next() % 20 + 1), owner: owner, at: second)
        default: row = F.note(Int64(random.next() % 60 + 1), owner: owner, tags: tags, at: second, status: status)
        }
        return rows[row.nodeKey]?.status == .deleted && row.kind != .note ? nil : row
    }

    /// 40 users, 10 tags, 1,000 notes and 300 events with many shared timestamps, owners that
    /// never arrive, archived and deleted rows.
    private static func mixedRows() -> [Record] {
        let users = (1...40).map { F.user($0, at: $0 % 7) }
        let tags = (1...10).map { F.tag($0, at: $0 % 3) }
        let notes = (Int64(1)...1_000).map { id -> Record in
            let status: RecordStatus = id % 50 == 0 ? .deleted : (id % 17 == 0 ? .archived : .active)
            return F.note(id, owner: id % 50 + 1, tags: [id % 12, id % 5], at: id % 97, status: status)
        }
        let events = (1...300).map { F.event($0, owner: $0 % 45 + 1, at: $0 % 13) }
        return users + tags + notes + events
    }
}

/// A graph store that forwards to an in-memory graph and throws on the Nth sync batch, as a
/// process that dies before its transaction commits would; the batch is not applied.
private final class FailingGraphStore: GraphStore {
    private struct State {
        var failingOnCall: Int?
        var failureRate = 0.0
        var random = SeededRandomNumberGenerator(seed: 0)
        var calls = 0
        var appliedRealNodeKeys: [NodeKey] = []
    }

    private struct SimulatedCrash: Error, CustomStringConvertible {
        var description: String { "simulated crash before the batch committed" }
    }

    private let base = InMemoryGraphStore()
    private let state: Mutex<State>

    /// Creates a store that fails on call number `call` of ``applySyncBatch(_:checkpoint:)``.
    init(failingOnCall call: Int) {
        state = Mutex(State(failingOnCall: call))
    }

    /// Creates a store that fails each call with probability `rate`, drawn from a seeded generator.
    init(failureRate rate: Double, seed: UInt64) {
        state = Mutex(State(failureRate: rate, random: SeededRandomNumberGenerator(seed: seed)))
    }

    /// Stops failing.
    func disarm() {
        state.withLock {
            $0.failingOnCall = nil
            $0.failureRate = 0
        }
    }

    /// Keys of the real (non-placeholder) nodes upserted by the batches that were applied.
    var appliedRealNodeKeys: [NodeKey] { state.withLock { $0.appliedRealNodeKeys } }

    func applySyncBatch(_ batch: GraphSyncBatch, checkpoint: SyncCheckpoint) async throws {
        let fails = state.withLock { state -> Bool in
            state.calls += 1
            return state.calls == state.failingOnCall || state.random.nextUnit() < state.failureRate
        }
        if fails { throw SimulatedCrash() }
        try await base.applySyncBatch(batch, checkpoint: checkpoint)
        let real = batch.upsertNodes.filter { $0.properties[Node.Property.placeholder] == nil }.map(\.key)
        state.withLock { $0.appliedRealNodeKeys += real }
    }

    func checkpoint(named name: String) async throws -> SyncCheckpoint? {
        try await base.checkpoint(named: name)
    }

    func upsertNodes(_ nodes: [Node]) async throws { try await base.upsertNodes(nodes) }

    func nodes(_ keys: [NodeKey]) async throws -> [Node] { try await base.nodes(keys) }

    func scanNodes(labels: Set<NodeLabel>, after: NodeKey?, limit: Int) async throws -> [Node] {
        try await base.scanNodes(labels: labels, after: after, limit: limit)
    }

    func deleteNodes(_ keys: [NodeKey]) async throws -> Int { try await base.deleteNodes(keys) }

    func orphanNodes(labels: Set<NodeLabel>, createdBefore: Date, after: NodeKey?, limit: Int) async throws
        -> [NodeKey]
    {
        try await base.orphanNodes(labels: labels, createdBefore: createdBefore, after: after, limit: limit)
    }

    func searchNodes(text: String, labels: Set<NodeLabel>, limit: Int) async throws -> [Node] {
        try await base.searchNodes(text: text, labels: labels, limit: limit)
    }

    func upsertRelationships(_ relationships: [Relationship]) async throws {
        try await base.upsertRelationships(relationships)
    }

    func relationships(_ keys: [RelationshipKey]) async throws -> [Relationship] {
        try await base.relationships(keys)
    }

    func staleRelationships(updatedBefore: Date, after: RelationshipKey?, limit: Int) async throws
        -> [Relationship]
    {
        try await base.staleRelationships(updatedBefore: updatedBefore, after: after, limit: limit)
    }

    func relationships(touching nodes: [NodeKey], minimumWeight: Double) async throws -> [Relationship] {
        try await base.relationships(touching: nodes, minimumWeight: minimumWeight)
    }

    func writeWeights(_ writes: [WeightWrite]) async throws -> Int { try await base.writeWeights(writes) }

    func weakRelationships(weightBelow: Double, inactiveSince: Date, after: RelationshipKey?, limit: Int)
        async throws -> [RelationshipKey]
    {
        try await base.weakRelationships(
            weightBelow: weightBelow, inactiveSince: inactiveSince, after: after, limit: limit)
    }

    func deleteRelationships(_ keys: [RelationshipKey]) async throws -> Int {
        try await base.deleteRelationships(keys)
    }

    func recordInteractions(_ interactions: [Interaction]) async throws {
        try await base.recordInteractions(interactions)
    }

    func interactionCounts(_ windows: [InteractionWindow]) async throws -> [InteractionTally] {
        try await base.interactionCounts(windows)
    }

    func activeUsers(since: Date, after: NodeKey?, limit: Int) async throws -> [NodeKey] {
        try await base.activeUsers(since: since, after: after, limit: limit)
    }

    func ownedItems(by users: [NodeKey], labels: Set<NodeLabel>) async throws -> [NodeKey: [OwnedItem]] {
        try await base.ownedItems(by: users, labels: labels)
    }

    func itemsCreated(from start: Date, to end: Date, labels: Set<NodeLabel>, after: NodeKey?, limit: Int)
        async throws -> [OwnedItem]
    {
        try await base.itemsCreated(from: start, to: end, labels: labels, after: after, limit: limit)
    }

    func digest(label: NodeLabel, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest {
        try await base.digest(label: label, ids: ids)
    }

    func counts() async throws -> GraphCounts { try await base.counts() }
}
