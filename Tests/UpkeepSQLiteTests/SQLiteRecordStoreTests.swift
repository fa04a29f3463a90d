import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

@Suite struct SQLiteRecordStoreTests {
    @Test func changesPageByUpdatedAtThenIdIncludingArchivedAndDeleted() async throws {
        let directory = try TemporaryDirectory()
        let records = try await directory.open().records
        try await records.upsertRecords([
            Record(kind: .note, id: 3, createdAt: at(0), updatedAt: at(5)),
            Record(kind: .note, id: 1, status: .deleted, createdAt: at(0), updatedAt: at(5)),
            Record(kind: .note, id: 2, status: .archived, createdAt: at(0), updatedAt: at(1)),
            Record(kind: .event, id: 9, createdAt: at(0), updatedAt: at(0)),
        ])

        let first = try await records.changes(kind: .note, after: nil, limit: 2)
        let rest = try await records.changes(kind: .note, after: first.last.map(SyncCursor.init(after:)), limit: 5)

        #expect(first.map(\.id) == [2, 1])
        #expect(rest.map(\.id) == [3])
    }

    @Test func recordsRoundTripFieldsAndTags() async throws {
        let directory = try TemporaryDirectory()
        let records = try await directory.open().records
        let record = Record(
            kind: .note, id: 1, ownerID: 7, tagIDs: [3, 1], fields: ["title": "Plan", "priority": 2],
            isStarred: true, createdAt: at(0), updatedAt: at(1)
        )

        try await records.upsertRecords([record])

        #expect(try await records.records(kind: .note, ids: [1, 1, 2]) == [record])
    }

    @Test func archiveSkipsStarredAndNoLongerActiveRows() async throws {
        let directory = try TemporaryDirectory()
        let records = try await directory.open().records
        try await records.upsertRecords([
            Record(kind: .note, id: 1, createdAt: at(0)),
            Record(kind: .note, id: 2, isStarred: true, createdAt: at(0)),
            Record(kind: .note, id: 3, status: .deleted, createdAt: at(0)),
            Record(kind: .note, id: 4, createdAt: at(100)),
        ])

        let candidates = try await records.archiveCandidates(kind: .note, createdBefore: at(50), after: nil, limit: 10)
        let archived = try await records.archive(kind: .note, ids: [1, 2, 3], at: at(200))

        #expect(candidates == [1])
        #expect(archived == 1)
        #expect(try await records.records(kind: .note, ids: [1]).first?.updatedAt == at(200))
    }

    @Test func maintenanceAnalyzesCheckpointsAndVacuums() async throws {
        let directory = try TemporaryDirectory()
        let records = try await directory.open().records
        try await records.upsertRecords((1...2_000).map { Record(kind: .note, id: $0, createdAt: at(0)) })
        try await records.upsertRecords(
            (1...2_000).map { Record(kind: .note, id: $0, status: .deleted, createdAt: at(0)) }
        )

        let report = try await records.maintain()

        #expect(report.contains("sqlite: ran ANALYZE"))
        #expect(report.contains("sqlite: ran PRAGMA optimize"))
        #expect(report.contains { $0.contains("WAL") })
        #expect(report.contains { $0.contains("vacuum") })
        let wal = try FileManager.default.attributesOfItem(atPath: directory.path() + "-wal")[.size] as? Int
        #expect(wal == 0)
    }

    @Test func searchQueriesAreReadOldestFirstFromSince() async throws {
        let directory = try TemporaryDirectory()
        let records = try await directory.open().records
        try await records.recordSearchQueries([
            SearchQuery(userID: 1, text: "b", occurredAt: at(2)),
            SearchQuery(userID: nil, text: "a", occurredAt: at(1)),
            SearchQuery(userID: 2, text: "c", occurredAt: at(3)),
        ])

        let page = try await records.searchQueries(since: at(1), offset: 1, limit: 5)

        #expect(page.map(\.text) == ["b", "c"])
    }
}

@Suite struct SQLiteRunLedgerTests {
    @Test func reportsAreNewestFirstAndASecondRecordReplacesTheFirst() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await directory.open().ledger
        try await ledger.record(JobReport(id: "a", job: .sync, status: .running, startedAt: at(0)))
        try await ledger.record(JobReport(id: "b", job: .cleanup, status: .failed, startedAt: at(10), errors: ["x"]))
        let finished = JobReport(
            id: "a", job: .sync, status: .succeeded, startedAt: at(0), finishedAt: at(3),
            steps: [StepReport(name: "nodes", outcome: .succeeded, counts: ["nodes.upserted": 4], seconds: 1.25)]
        )
        try await ledger.record(finished)

        #expect(try await ledger.reports(job: nil, limit: 10).map(\.id) == ["b", "a"])
        #expect(try await ledger.reports(job: .sync, limit: 10) == [finished])
        #expect(try await ledger.report(id: "a") == finished)
        #expect(try await ledger.report(id: "missing") == nil)
    }
}
