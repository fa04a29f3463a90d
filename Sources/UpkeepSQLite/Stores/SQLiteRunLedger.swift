import Foundation
import Upkeep

/// A ``Upkeep/RunLedger`` on SQLite: each report as JSON, with its job, status and start time in
/// indexed columns. Get a ledger from ``SQLiteDatabase/ledger``.
public final class SQLiteRunLedger: Sendable {
    let access: SQLiteStoreAccess

    init(access: SQLiteStoreAccess) {
        self.access = access
    }

    /// Reports as JSON with dates in whole epoch milliseconds (like every time the stores keep)
    /// and sorted keys.
    private static func encode(_ report: JobReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.epochMilliseconds)
        }
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    private static func decode(_ text: String, id: String) throws -> JobReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(epochMilliseconds: try decoder.singleValueContainer().decode(Int64.self))
        }
        do {
            return try decoder.decode(JobReport.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt(.runLedger, "read report", "report \(id) is not valid JSON: \(error)")
        }
    }
}

extension SQLiteRunLedger: RunLedger {
    /// Inserts a report, or replaces the report with the same id.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func record(_ report: JobReport) async throws {
        let values: [SQLiteValue] = [
            .text(report.id), .text(report.job.rawValue), .text(report.status.rawValue),
            .milliseconds(report.startedAt), .text(try Self.encode(report)),
        ]
        try await access.write("record") { session in
            try session.run(
                """
                INSERT INTO job_runs (id, job, status, started_at, report) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (id) DO UPDATE SET
                    job = excluded.job, status = excluded.status, started_at = excluded.started_at,
                    report = excluded.report
                """,
                values
            )
        }
    }

    /// Reports newest first by `startedAt` (then id, descending, for equal starts), for one job
    /// or all, at most `limit`; read through `job_runs_by_job` or `job_runs_by_start`.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or a stored report cannot be decoded.
    public func reports(job: JobName?, limit: Int) async throws -> [JobReport] {
        guard limit > 0 else { return [] }
        let filter = job == nil ? "" : "WHERE job = ?2"
        let values: [SQLiteValue] = [.integer(Int64(limit))] + (job.map { [.text($0.rawValue)] } ?? [])
        return try await access.read("reports") { session in
            try session.query(
                "SELECT id, report FROM job_runs \(filter) ORDER BY started_at DESC, id DESC LIMIT ?1", values
            ) { row in try Self.decode(row.text(1), id: row.text(0)) }
        }
    }

    /// The report with the given id, if any.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or the stored report cannot be decoded.
    public func report(id: String) async throws -> JobReport? {
        try await access.read("report") { session in
            try session.first("SELECT report FROM job_runs WHERE id = ?1", [.text(id)]) { row in
                try Self.decode(row.text(0), id: id)
            }
        }
    }
}
