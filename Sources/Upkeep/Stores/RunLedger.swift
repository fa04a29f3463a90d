import Foundation

/// Durable history of job runs.
///
/// A run is recorded when it starts (status `running`) and again when it ends; the second write
/// replaces the first. Implementations must be safe to call concurrently.
public protocol RunLedger: Sendable {
    /// Inserts a report, or replaces the report with the same id.
    func record(_ report: JobReport) async throws

    /// Reports newest first (by `startedAt`), for one job or all, at most `limit` of them.
    func reports(job: JobName?, limit: Int) async throws -> [JobReport]

    /// The report with the given id, if any.
    func report(id: String) async throws -> JobReport?
}
