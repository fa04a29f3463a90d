import Foundation
import Synchronization
import Testing
import Upkeep
import UpkeepTesting

@Suite("Cleanup job")
struct CleanupJobTests {
    private let allSteps = [
        "identify-expired", "archive", "remove-orphans", "remove-weak-edges", "optimize-indexes",
        "release-storage",
    ]

    // MARK: - End to end

    @Test func archivesExpiredNotesAndPrunesOrphansAndWeakEdges() async throws {
        let world = try await CleanupWorld.standard()

        let report = await world.run(CleanupJob())

        #expect(report.status == .succeeded)
        #expect(report.steps.map(\.name) == allSteps)
        #expect(report.step("identify-expired")?.counts["records.expired"] == 1)
        #expect(report.step("identify-expired")?.counts["records.expired.note"] == 1)
        #expect(report.step("archive")?.counts["records.archived"] == 1)
        let orphans = try #require(report.step("remove-orphans")).counts
        #expect(orphans["nodes.total"] == 88)
        #expect(orphans["nodes.candidates"] == 3)
        #expect(orphans["nodes.deleted"] == 3)
        let weak = try #require(report.step("remove-weak-edges")).counts
        #expect(weak["relationships.total"] == 84)
        #expect(weak["relationships.candidates"] == 1)
        #expect(weak["relationships.deleted"] == 1)
        #expect(report.step("optimize-indexes")?.counts["actions"] == 3)
        #expect(report.step("release-storage")?.notes.first == "in-memory: indexed 6 event rows")
        #expect(report.step("release-storage")?.counts["nodes.remaining"] == 85)
        #expect(report.step("release-storage")?.counts["relationships.remaining"] == 83)
    }

    @Test func archivesOnlyActiveUnstarredNotesOlderThanTheThreshold() async throws {
        let world = try await CleanupWorld.standard()

        _ = await world.run(CleanupJob())

        let notes = try await world.records.records(kind: .note, ids: Array(1...6))
        let statuses = Dictionary(uniqueKeysWithValues: notes.map { ($0.id, $0.status) })
        #expect(statuses == [1: .archived, 2: .active, 3: .archived, 4: .active, 5: .active, 6: .deleted])
        #expect(notes.first { $0.id == 1 }?.updatedAt == world.clock.now())
        #expect(try await world.records.records(kind: .event, ids: [1]).first?.status == .active)
    }

    @Test func removesOnlyOldOrphansOfItemLabelsAndOnlyOldWeakEdges() async throws {
        let world = try await CleanupWorld.standard()

        _ = await world.run(CleanupJob())

        let survivors = try await world.graph.nodes(CleanupWorld.orphanKeys).map(\.key)
        #expect(survivors == [NodeKey(.note, 101), NodeKey(.tag, 101), NodeKey(.user, 100)])
        let edges = try await world.graph.relationships(CleanupWorld.relatedKeys).map(\.key)
        #expect(edges == Array(CleanupWorld.relatedKeys.dropFirst()))
    }

    @Test func rowStarredBetweenScanAndArchiveIsLeftAlone() async throws {
        let world = try await CleanupWorld.standard(records: StarringRecordStore())

        let report = await world.run(CleanupJob())

        #expect(report.status == .succeeded)
        #expect(report.step("archive")?.counts["records.archived"] == 0)
        #expect(report.step("archive")?.counts["records.skipped"] == 1)
        let note = try #require(try await world.records.records(kind: .note, ids: [1]).first)
        #expect(note.status == .active && note.isStarred)
    }

    // MARK: - Deletion guard

    @Test func guardStopsARunThatWouldDeleteTooManyNodes() async throws {
        let world = try await CleanupWorld.standard(extraOldOrphans: 10)

        let report = await world.run(CleanupJob())

        #expect(report.status == .failed)
        #expect(report.steps.map(\.name) == Array(allSteps.prefix(3)))
        let step = try #require(report.step("remove-orphans"))
        #expect(step.outcome == .failed)
        #expect(step.counts["nodes.candidates"] == 13)
        #expect(step.counts["nodes.deleted"] == 0)
        #expect(step.error?.contains("refused to delete 13 of 98 nodes (13.27%)") == true)
        #expect(step.error?.contains("at most 4 (5.00%)") == true)
        #expect(try await world.graph.counts().nodes == 98)
    }

    @Test func forceDeletesPastTheGuardAndSaysSo() async throws {
        let world = try await CleanupWorld.standard(extraOldOrphans: 10)

        let report = await world.run(CleanupJob(), options: JobOptions(force: true))

        #expect(report.status == .succeeded)
        let step = try #require(report.step("remove-orphans"))
        #expect(step.counts["nodes.deleted"] == 13)
        #expect(step.counts["guard.forced"] == 1)
        #expect(step.notes.first?.hasPrefix("deletion guard overridden by force: 13 of 98 nodes") == true)
        #expect(try await world.graph.counts().nodes == 85)
        let warnings = world.log.events.filter { $0.level == .warning }
        #expect(warnings.map(\.message) == [step.notes.first])
        #expect(warnings.first?.metadata["upkeep.job"] == "cleanup")
    }

    @Test func guardCountsEachKindAgainstItsOwnTotal() async throws {
        let world = try await CleanupWorld.standard(extraWeakEdges: 4)

        let report = await world.run(CleanupJob())

        #expect(report.status == .failed)
        #expect(report.step("remove-orphans")?.outcome == .succeeded)
        let step = try #require(report.step("remove-weak-edges"))
        #expect(step.outcome == .failed)
        #expect(step.error?.contains("refused to delete 5 of 88 relationships") == true)
        #expect(try await world.graph.counts().relationships == 88)
    }

    // MARK: - Dry run

    @Test func dryRunCountsEverythingAndChangesNothing() async throws {
        let world = try await CleanupWorld.standard(extraOldOrphans: 10)
        let before = try await world.snapshot()

        let report = await world.run(CleanupJob(), options: JobOptions(dryRun: true))

        #expect(report.status == .succeeded)
        #expect(try await world.snapshot() == before)
        #expect(report.step("archive")?.counts["records.archived"] == 0)
        #expect(report.step("archive")?.notes == ["dry run: 1 records would be archived"])
        #expect(report.step("remove-orphans")?.counts["nodes.candidates"] == 13)
        #expect(report.step("remove-orphans")?.counts["guard.wouldRefuse"] == 1)
        #expect(report.step("remove-weak-edges")?.counts["relationships.candidates"] == 1)
        #expect(report.step("remove-weak-edges")?.counts["relationships.deleted"] == 0)
        #expect(report.step("optimize-indexes")?.outcome == .skipped)
        #expect(report.step("release-storage")?.outcome == .skipped)
    }

    // MARK: - Batching, cancellation and configuration

    @Test func smallBatchesGiveTheSameResult() async throws {
        let world = try await CleanupWorld.standard(extraArchivable: 6)

        let report = await world.run(CleanupJob(), options: JobOptions(batchSize: 2))

        #expect(report.status == .succeeded)
        #expect(report.step("identify-expired")?.counts["records.expired"] == 7)
        #expect(report.step("archive")?.counts["records.archived"] == 7)
        #expect(report.step("remove-orphans")?.counts["nodes.deleted"] == 3)
        #expect(report.step("remove-weak-edges")?.counts["relationships.deleted"] == 1)
    }

    @Test func cancelledRunStopsBetweenBatches() async throws {
        let world = try await CleanupWorld.standard(extraArchivable: 6)

        let report = await world.run(CleanupJob(), options: JobOptions(batchSize: 2)) { event in
            if event.step == "archive" { withUnsafeCurrentTask { $0?.cancel() } }
        }

        #expect(report.status == .cancelled)
        #expect(report.step("archive")?.outcome == .cancelled)
        #expect(report.step("archive")?.counts["records.archived"] == 2)
        #expect(try await world.graph.counts().nodes == 88)
    }

    @Test func invalidConfigurationFailsTheFirstStep() async throws {
        let world = try await CleanupWorld.standard()

        let report = await world.run(CleanupJob(configuration: .init(orphanLabels: [NodeLabel("not a label")])))

        #expect(report.status == .failed)
        #expect(report.step("identify-expired")?.outcome == .failed)
        #expect(report.errors.first?.contains("cleanup.orphanLabels") == true)
    }

    @Test(arguments: [
        CleanupJob.Configuration(archiveAfterDays: 0),
        CleanupJob.Configuration(pruneAfterDays: -7),
        CleanupJob.Configuration(weakWeightBelow: 2),
        CleanupJob.Configuration(maximumDeletionShare: 1.5),
    ])
    func outOfRangeSettingsAreRejectedWithTheirNames(configuration: CleanupJob.Configuration) {
        let error = #expect(throws: ParameterError.self) {
            _ = try configuration.policy()
            _ = try configuration.deletionGuard()
        }

        #expect(error?.parameter.hasPrefix("cleanup.") == true)
    }

    @Test func configurationRoundTripsThroughJSON() throws {
        let configuration = CleanupJob.Configuration(
            archiveAfterDays: 90, archiveKinds: [.note, .event], orphanLabels: [.tag], maximumDeletionShare: 0.2)

        let data = try JSONEncoder().encode(configuration)

        #expect(try JSONDecoder().decode(CleanupJob.Configuration.self, from: data) == configuration)
    }

    @Test func missingConfigurationKeysDecodeToDefaults() throws {
        let empty = try JSONDecoder().decode(CleanupJob.Configuration.self, from: Data("{}".utf8))
        let partial = try JSONDecoder().decode(
            CleanupJob.Configuration.self, from: Data(#"{"archiveKinds":["note","event"],"pruneAfterDays":90}"#.utf8))

        #expect(empty == CleanupJob.Configuration())
        #expect(empty.orphanLabels == [.event, .note, .tag])
        #expect(partial.archiveKinds == [.note, .event])
        #expect(partial.pruneAfterDays == 90)
        #expect(partial.archiveAfterDays == 365)
        #expect(partial.maximumDeletionShare == 0.05)
    }
}

// MARK: - Fixtures

/// The stores and clock of one cleanup job test, holding a graph with known candidates.
///
/// The standard graph has 2 users, 80 notes each created by user 1, and 6 lone nodes: 3 old
/// orphans (Note:100, Event:100, Tag:100), one exactly at the cutoff (Tag:101), one young
/// (Note:101) and an old lone user (User:100): 88 nodes. Besides the 80 `CREATED` edges it has
/// 4 `RELATED_TO` edges, of which only the first is weak: 84 relationships.
private struct CleanupWorld {
    static let day: TimeInterval = 86_400
    static let orphanKeys = [
        NodeKey(.note, 100), NodeKey(.event, 100), NodeKey(.tag, 100), NodeKey(.tag, 101), NodeKey(.note, 101),
        NodeKey(.user, 100),
    ]
    static let relatedKeys = (1...4).map {
        RelationshipKey(.relatedTo, from: NodeKey(.note, Int64($0)), to: NodeKey(.note, Int64($0 + 1)))
    }

    let clock = ManualClock(Date(epochMilliseconds: 1_767_225_600_000))
    let graph = InMemoryGraphStore()
    let records: any RecordStore
    let cache: InMemoryCacheStore
    let ledger = InMemoryRunLedger()
    let log = CapturingLogHandler()

    private init(records: any RecordStore) {
        self.records = records
        cache = InMemoryCacheStore(clock: clock)
    }

    static func standard(
        extraOldOrphans: Int = 0,
        extraWeakEdges: Int = 0,
        extraArchivable: Int = 0,
        records: any RecordStore = InMemoryRecordStore()
    ) async throws -> CleanupWorld {
        let world = CleanupWorld(records: records)
        try await world.loadRecords(extraArchivable: extraArchivable)
        try await world.loadGraph(extraOldOrphans: extraOldOrphans, extraWeakEdges: extraWeakEdges)
        return world
    }

    private func daysAgo(_ days: Double) -> Date {
        clock.now().addingTimeInterval(-days * Self.day)
    }

    private func loadRecords(extraArchivable: Int) async throws {
        let cutoff = daysAgo(365)
        var notes = [
            Record(kind: .note, id: 1, ownerID: 1, createdAt: daysAgo(400)),
            Record(kind: .note, id: 2, ownerID: 1, isStarred: true, createdAt: daysAgo(400)),
            Record(kind: .note, id: 3, ownerID: 1, status: .archived, createdAt: daysAgo(400)),
            Record(kind: .note, id: 4, ownerID: 1, createdAt: cutoff),
            Record(kind: .note, id: 5, ownerID: 1, createdAt: daysAgo(10)),
            Record(kind: .note, id: 6, ownerID: 1, status: .deleted, createdAt: daysAgo(400)),
        ]
        notes += (0..<extraArchivable).map { Record(kind: .note, id: Int64(10 + $0), createdAt: daysAgo(500)) }
        let events = (1...6).map { Record(kind: .event, id: Int64($0), ownerID: 1, createdAt: daysAgo(400)) }
        try await records.upsertRecords(notes + events)
    }

    private func loadGraph(extraOldOrphans: Int, extraWeakEdges: Int) async throws {
        let recent = daysAgo(1)
        var nodes = [NodeKey(.user, 1), NodeKey(.user, 2)].map { Node(key: $0, createdAt: daysAgo(800)) }
        nodes += (1...80).map { Node(key: NodeKey(.note, Int64($0)), createdAt: daysAgo(800)) }
        nodes += [
            Node(key: NodeKey(.note, 100), createdAt: daysAgo(400)),
            Node(key: NodeKey(.event, 100), createdAt: daysAgo(400)),
            Node(key: NodeKey(.tag, 100), createdAt: daysAgo(400)),
            Node(key: NodeKey(.tag, 101), createdAt: daysAgo(365)),
            Node(key: NodeKey(.note, 101), createdAt: daysAgo(10)),
            Node(key: NodeKey(.user, 100), createdAt: daysAgo(400)),
        ]
        nodes += (0..<extraOldOrphans).map { Node(key: NodeKey(.tag, Int64(200 + $0)), createdAt: daysAgo(900)) }
        try await graph.upsertNodes(nodes)

        var edges = (1...80).map { note in
            Relationship(
                key: RelationshipKey(.created, from: NodeKey(.user, 1), to: NodeKey(.note, Int64(note))),
                weight: 1, createdAt: daysAgo(800), updatedAt: recent)
        }
        // (weight, days since the last activity); every weight was rewritten recently by decay.
        let related: [(Double, Double)] = [(0.05, 400), (0.05, 365), (0.1, 400), (0.09, 10)]
        for (key, (weight, age)) in zip(Self.relatedKeys, related) {
            edges.append(Relationship(key: key, weight: weight, createdAt: daysAgo(age), updatedAt: recent))
        }
        edges += (0..<extraWeakEdges).map { index in
            Relationship(
                key: RelationshipKey(.relatedTo, from: NodeKey(.note, 60), to: NodeKey(.note, Int64(61 + index))),
                weight: 0.01, createdAt: daysAgo(700), updatedAt: recent)
        }
        try await graph.upsertRelationships(edges)
    }

    /// Everything a cleanup could change, to compare before and after a dry run.
    struct Snapshot: Equatable {
        var records: [Record]
        var nodes: [Node]
        var relationships: [Relationship]
    }

    func snapshot() async throws -> Snapshot {
        let notes = try await records.changes(kind: .note, after: nil, limit: 10_000)
        let events = try await records.changes(kind: .event, after: nil, limit: 10_000)
        let labels: Set<NodeLabel> = [.user, .note, .event, .tag]
        return Snapshot(
            records: notes + events,
            nodes: try await graph.scanNodes(labels: labels, after: nil, limit: 10_000),
            relationships: try await graph.staleRelationships(updatedBefore: .distantFuture, after: nil, limit: 10_000)
        )
    }

    func run(
        _ job: CleanupJob,
        options: JobOptions = JobOptions(),
        progress: ProgressHandler? = nil
    ) async -> JobReport {
        let environment = JobEnvironment(
            graph: graph, records: records, cache: cache, ledger: ledger, clock: clock,
            logger: UpkeepLogger(handler: log, minimumLevel: .info))
        return await JobRunner(environment: environment).run(job, options: options, progress: progress)
    }
}

/// A record store whose host stars each row just before the cleanup job archives it.
private struct StarringRecordStore: RecordStore {
    let base = InMemoryRecordStore()

    func archive(kind: RecordKind, ids: [Int64], at: Date) async throws -> Int {
        var rows = try await base.records(kind: kind, ids: ids)
        for index in rows.indices { rows[index].isStarred = true }
        try await base.upsertRecords(rows)
        return try await base.archive(kind: kind, ids: ids, at: at)
    }

    func upsertRecords(_ records: [Record]) async throws { try await base.upsertRecords(records) }

    func records(kind: RecordKind, ids: [Int64]) async throws -> [Record] {
        try await base.records(kind: kind, ids: ids)
    }

    func changes(kind: RecordKind, after: SyncCursor?, limit: Int) async throws -> [Record] {
        try await base.changes(kind: kind, after: after, limit: limit)
    }

    func archiveCandidates(kind: RecordKind, createdBefore: Date, after: Int64?, limit: Int) async throws -> [Int64] {
        try await base.archiveCandidates(kind: kind, createdBefore: createdBefore, after: after, limit: limit)
    }

    func digest(kind: RecordKind, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest {
        try await base.digest(kind: kind, ids: ids)
    }

    func idBounds(kind: RecordKind) async throws -> ClosedRange<Int64>? { try await base.idBounds(kind: kind) }

    func searchQueries(since: Date, offset: Int, limit: Int) async throws -> [SearchQuery] {
        try await base.searchQueries(since: since, offset: offset, limit: limit)
    }

    func recordSearchQueries(_ queries: [SearchQuery]) async throws { try await base.recordSearchQueries(queries) }

    func maintain() async throws -> [String] { try await base.maintain() }
}

/// Keeps every log event, so tests can check what a job logged.
private final class CapturingLogHandler: UpkeepLogHandler {
    struct Event {
        var level: LogLevel
        var message: String
        var metadata: LogMetadata
    }

    private let stored = Mutex<[Event]>([])

    var events: [Event] { stored.withLock { $0 } }

    func log(level: LogLevel, message: String, metadata: LogMetadata) {
        stored.withLock { $0.append(Event(level: level, message: message, metadata: metadata)) }
    }
}
