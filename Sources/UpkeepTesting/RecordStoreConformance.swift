import Foundation
import Testing
import Upkeep

/// The behaviour every ``RecordStore`` must show, as one check per behaviour.
///
/// ```swift
/// @Test(arguments: RecordStoreConformance.checks)
/// func recordStoreConforms(_ check: RecordStoreConformance.Check) async throws {
///     try await RecordStoreConformance.run(check) { InMemoryRecordStore() }
/// }
/// ```
///
/// The factory must return a fresh, empty store for every call.
public enum RecordStoreConformance {
    /// Makes a fresh, empty record store.
    public typealias Factory = @Sendable () async throws -> any RecordStore

    /// One behaviour of a record store.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Upserted rows read back unchanged, every field included, in id order.
        case upsertedRecordsReadBackInIDOrder
        /// Upserting an existing row replaces it and leaves one change in the stream.
        case upsertReplacesARow
        /// Changes page in `(updatedAt, id)` order strictly after the cursor, ties broken by id.
        case changesPageInUpdatedAtThenIDOrder
        /// Changes include archived and deleted rows.
        case changesIncludeArchivedAndDeletedRows
        /// Rows of different kinds with equal ids are kept apart.
        case kindsAreKeptApart
        /// Archive candidates are active, unstarred, created strictly before the cutoff, in id order.
        case archiveCandidatesAreActiveUnstarredAndOld
        /// Archiving changes only rows still active and unstarred, and moves their `updatedAt`.
        case archiveLeavesRowsThatChangedSinceTheyWereChosen
        /// Digests leave out deleted rows and rows outside the inclusive id range.
        case digestsLeaveOutDeletedRowsAndHonourTheIDRange
        /// Id bounds span every row of the kind and are nil for an empty kind.
        case idBoundsSpanTheKind
        /// Search queries since an instant come oldest first, after skipping the offset.
        case searchQueriesComeOldestFirstAfterTheOffset
        /// Maintenance reports at least one line and keeps the rows.
        case maintenanceSaysWhatItDid
        /// Empty batches are accepted and change nothing.
        case emptyBatchesChangeNothing
        /// Times are stored rounded down to whole milliseconds.
        case timesKeepMillisecondPrecision

        /// The behaviour's name.
        public var description: String { rawValue }
    }

    /// Every check, in declaration order.
    public static var checks: [Check] { Check.allCases }

    /// Runs one check against a fresh store from `makeStore`.
    ///
    /// - Throws: an error from the store, or a ``ConformanceFailure`` when a check cannot go on.
    public static func run(_ check: Check, makeStore: Factory) async throws {
        let store = try await makeStore()
        switch check {
        case .upsertedRecordsReadBackInIDOrder: try await upsertedRecordsReadBackInIDOrder(store)
        case .upsertReplacesARow: try await upsertReplacesARow(store)
        case .changesPageInUpdatedAtThenIDOrder: try await changesPageInUpdatedAtThenIDOrder(store)
        case .changesIncludeArchivedAndDeletedRows: try await changesIncludeArchivedAndDeletedRows(store)
        case .kindsAreKeptApart: try await kindsAreKeptApart(store)
        case .archiveCandidatesAreActiveUnstarredAndOld: try await archiveCandidatesAreActiveUnstarredAndOld(store)
        case .archiveLeavesRowsThatChangedSinceTheyWereChosen: try await archiveLeavesChangedRows(store)
        case .digestsLeaveOutDeletedRowsAndHonourTheIDRange: try await digestsLeaveOutDeletedRows(store)
        case .idBoundsSpanTheKind: try await idBoundsSpanTheKind(store)
        case .searchQueriesComeOldestFirstAfterTheOffset: try await searchQueriesComeOldestFirst(store)
        case .maintenanceSaysWhatItDid: try await maintenanceSaysWhatItDid(store)
        case .emptyBatchesChangeNothing: try await emptyBatchesChangeNothing(store)
        case .timesKeepMillisecondPrecision: try await timesKeepMillisecondPrecision(store)
        }
    }

    static func t(_ seconds: Double) -> Date { Fixture.time(seconds) }

    // MARK: - Rows

    static func upsertedRecordsReadBackInIDOrder(_ store: any RecordStore) async throws {
        let rich = Record(
            kind: .note, id: 3, ownerID: 7, tagIDs: [4, 2], fields: ["title": "Plan", "words": .int(120)],
            status: .archived, isStarred: true, createdAt: t(1), updatedAt: t(2))
        try await store.upsertRecords([rich, Fixture.note(id: 1, owner: 7), Fixture.user(7)])

        let found = try await store.records(kind: .note, ids: [3, 99, 1])
        #expect(found.map(\.id) == [1, 3], "rows come back in id order, missing ids skipped")
        #expect(found.last == rich, "every field round-trips")
        #expect(try await store.records(kind: .user, ids: [7]) == [Fixture.user(7)])
    }

    static func upsertReplacesARow(_ store: any RecordStore) async throws {
        try await store.upsertRecords([Fixture.note(id: 1, owner: 1, tags: [1, 2], title: "old")])
        let replacement = Fixture.note(id: 1, owner: 2, tags: [], title: "new", updatedAt: t(5))
        try await store.upsertRecords([replacement])

        #expect(try await store.records(kind: .note, ids: [1]) == [replacement])
        #expect(try await store.changes(kind: .note, after: nil, limit: 10) == [replacement], "one row, one change")
    }

    static func changesPageInUpdatedAtThenIDOrder(_ store: any RecordStore) async throws {
        let shapes: [(id: Int64, updatedAt: Double)] = [(5, 1), (3, 1), (4, 0), (1, 2), (2, 2), (6, 3)]
        try await store.upsertRecords(shapes.map { Fixture.note(id: $0.id, owner: 1, updatedAt: t($0.updatedAt)) })

        let scan = try await ConformancePaging.all(limit: 2, key: { SyncCursor(after: $0) }) { after, limit in
            try await store.changes(kind: .note, after: after, limit: limit)
        }
        #expect(scan.items.map(\.id) == [4, 3, 5, 1, 2, 6], "ordered by updatedAt, ties by id")
        #expect(scan.pageSizes == [2, 2, 2, 0])
        let midTie = try await store.changes(kind: .note, after: SyncCursor(updatedAt: t(1), id: 3), limit: 10)
        #expect(midTie.map(\.id) == [5, 1, 2, 6], "a cursor inside a tie resumes after its id")
    }

    static func changesIncludeArchivedAndDeletedRows(_ store: any RecordStore) async throws {
        try await store.upsertRecords([
            Fixture.note(id: 1, owner: 1, status: .archived, updatedAt: t(1)),
            Fixture.note(id: 2, owner: 1, status: .deleted, updatedAt: t(2)),
            Fixture.note(id: 3, owner: 1, updatedAt: t(3)),
        ])

        let changes = try await store.changes(kind: .note, after: nil, limit: 10)
        #expect(changes.map(\.status) == [.archived, .deleted, .active])
    }

    static func kindsAreKeptApart(_ store: any RecordStore) async throws {
        try await store.upsertRecords([Fixture.note(id: 1, owner: 1), Fixture.event(id: 1, owner: 1), Fixture.user(1)])

        #expect(try await store.changes(kind: .event, after: nil, limit: 10).map(\.kind) == [.event])
        #expect(try await store.records(kind: .tag, ids: [1]).isEmpty)
        #expect(try await store.changes(kind: RecordKind("unknown"), after: nil, limit: 10).isEmpty)
    }

    // MARK: - Archiving

    static func archiveCandidatesAreActiveUnstarredAndOld(_ store: any RecordStore) async throws {
        let cutoff = t(100)
        try await store.upsertRecords([
            Fixture.note(id: 1, owner: 1, createdAt: t(1)),
            Fixture.note(id: 2, owner: 1, starred: true, createdAt: t(1)),
            Fixture.note(id: 3, owner: 1, status: .archived, createdAt: t(1)),
            Fixture.note(id: 4, owner: 1, createdAt: cutoff), Fixture.note(id: 5, owner: 1, createdAt: t(99)),
            Fixture.note(id: 6, owner: 1, status: .deleted, createdAt: t(1)),
            Fixture.note(id: 7, owner: 1, createdAt: t(2)),
            Fixture.note(id: 8, owner: 1, createdAt: t(3)), Fixture.event(id: 9, owner: 1, createdAt: t(1)),
        ])

        let scan = try await ConformancePaging.all(limit: 2, key: { $0 }) { after, limit in
            try await store.archiveCandidates(kind: .note, createdBefore: cutoff, after: after, limit: limit)
        }
        #expect(scan.items == [1, 5, 7, 8], "active, unstarred, created strictly before the cutoff, id order")
        #expect(scan.pageSizes == [2, 2, 0])
    }

    static func archiveLeavesChangedRows(_ store: any RecordStore) async throws {
        try await store.upsertRecords([
            Fixture.note(id: 1, owner: 1), Fixture.note(id: 2, owner: 1, starred: true),
            Fixture.note(id: 3, owner: 1, status: .archived), Fixture.note(id: 4, owner: 1, status: .deleted),
        ])
        let before = try await store.changes(kind: .note, after: nil, limit: 10)

        #expect(try await store.archive(kind: .note, ids: [1, 2, 3, 4, 99], at: t(50)) == 1)
        let rows = try await store.records(kind: .note, ids: [1, 2, 3, 4])
        #expect(rows.map(\.status) == [.archived, .active, .archived, .deleted])
        #expect(rows.first?.updatedAt == t(50), "archiving moves updatedAt")
        let cursor = SyncCursor(after: try #require(before.last))
        #expect(
            try await store.changes(kind: .note, after: cursor, limit: 10).map(\.id) == [1],
            "the archived row shows up in the change stream again")
    }

    // MARK: - Consistency

    static func digestsLeaveOutDeletedRows(_ store: any RecordStore) async throws {
        try await store.upsertRecords([
            Fixture.note(id: 1, owner: 1, updatedAt: t(1)),
            Fixture.note(id: 2, owner: 1, status: .archived, updatedAt: t(2)),
            Fixture.note(id: 3, owner: 1, status: .deleted, updatedAt: t(3)),
            Fixture.note(id: 11, owner: 1, updatedAt: t(4)),
        ])

        var expected = ConsistencyDigest.empty
        expected.add(id: 1, updatedAt: t(1))
        expected.add(id: 2, updatedAt: t(2))
        #expect(
            try await store.digest(kind: .note, ids: 1...10) == expected, "deleted rows and ids out of range left out")
        #expect(try await store.digest(kind: .note, ids: 11...11).count == 1, "the range is inclusive")
        #expect(try await store.digest(kind: .event, ids: 1...10) == .empty)
    }

    static func idBoundsSpanTheKind(_ store: any RecordStore) async throws {
        #expect(try await store.idBounds(kind: .note) == nil)
        try await store.upsertRecords([
            Fixture.note(id: 40, owner: 1), Fixture.note(id: -3, owner: 1, status: .deleted),
            Fixture.note(id: 7, owner: 1),
            Fixture.event(id: 1_000, owner: 1),
        ])
        #expect(try await store.idBounds(kind: .note) == -3...40)
    }

    // MARK: - Search log and maintenance

    static func searchQueriesComeOldestFirst(_ store: any RecordStore) async throws {
        let queries = (1...6).map { SearchQuery(userID: Int64($0), text: "query \($0)", occurredAt: t(Double($0))) }
        try await store.recordSearchQueries([queries[3], queries[0], queries[5]])
        let anonymous = SearchQuery(userID: nil, text: "anonymous", occurredAt: t(0.5))
        try await store.recordSearchQueries([queries[2], queries[1], queries[4], anonymous])

        let all = try await store.searchQueries(since: t(1.5), offset: 0, limit: 10)
        #expect(all == Array(queries[1...]), "queries since the instant, oldest first")
        #expect(try await store.searchQueries(since: t(1.5), offset: 2, limit: 2) == Array(queries[3...4]))
        #expect(try await store.searchQueries(since: t(1.5), offset: 10, limit: 2).isEmpty)
        #expect(try await store.searchQueries(since: t(0), offset: 0, limit: 1).first?.userID == nil)
    }

    static func maintenanceSaysWhatItDid(_ store: any RecordStore) async throws {
        try await store.upsertRecords([Fixture.note(id: 1, owner: 1)])
        let lines = try await store.maintain()
        #expect(!lines.isEmpty && lines.allSatisfy { !$0.isEmpty }, "maintenance reports at least one step")
        #expect(try await store.records(kind: .note, ids: [1]).count == 1, "maintenance keeps the rows")
    }

    static func emptyBatchesChangeNothing(_ store: any RecordStore) async throws {
        try await store.upsertRecords([])
        try await store.recordSearchQueries([])
        #expect(try await store.records(kind: .note, ids: []).isEmpty)
        #expect(try await store.archive(kind: .note, ids: [], at: t(1)) == 0)
        #expect(try await store.changes(kind: .note, after: nil, limit: 10).isEmpty)
        #expect(try await store.searchQueries(since: t(0), offset: 0, limit: 10).isEmpty)
    }

    static func timesKeepMillisecondPrecision(_ store: any RecordStore) async throws {
        let precise = Fixture.epoch.addingTimeInterval(0.987_654_3)
        let millis = Date(epochMilliseconds: Fixture.epoch.epochMilliseconds + 987)
        try await store.upsertRecords([Fixture.note(id: 1, owner: 1, createdAt: precise, updatedAt: precise)])

        let row = try #require(try await store.records(kind: .note, ids: [1]).first)
        #expect(row.createdAt == millis && row.updatedAt == millis, "times are whole milliseconds")
        let next = try await store.changes(kind: .note, after: SyncCursor(updatedAt: millis, id: 0), limit: 1)
        #expect(next.map(\.id) == [1], "cursors compare at millisecond precision")
    }
}
