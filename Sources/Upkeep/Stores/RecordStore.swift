import Foundation

/// The host's relational source of truth: notes, events, users and tags.
///
/// Upkeep reads changes from it, archives stale rows and compares it with the graph. Reads are
/// keyset-paged on `(updatedAt, id)`. Implementations must be safe to call concurrently and keep
/// times to millisecond precision.
public protocol RecordStore: Sendable {
    /// Creates or replaces rows, keyed by kind and id. Hosts and tests use it to load data.
    func upsertRecords(_ records: [Record]) async throws

    /// The rows of `kind` with the given ids that exist, in id order.
    func records(kind: RecordKind, ids: [Int64]) async throws -> [Record]

    /// A page of rows of `kind` in `(updatedAt, id)` order strictly after `after`, including
    /// archived and deleted rows.
    func changes(kind: RecordKind, after: SyncCursor?, limit: Int) async throws -> [Record]

    /// Active, unstarred rows of `kind` created before `createdBefore`, in id order after `after`.
    func archiveCandidates(kind: RecordKind, createdBefore: Date, after: Int64?, limit: Int) async throws -> [Int64]

    /// Marks active rows as archived and sets their `updatedAt` to `at`; returns how many changed.
    ///
    /// Rows that are no longer active, or have been starred since they were chosen, are left
    /// alone, so a concurrent edit by the host wins.
    func archive(kind: RecordKind, ids: [Int64], at: Date) async throws -> Int

    /// Count and checksum of `(id, updatedAt)` over rows of `kind` with ids in `ids`, leaving out
    /// deleted rows (which have no graph node).
    func digest(kind: RecordKind, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest

    /// The smallest and largest id of `kind`, or `nil` when there are no rows.
    func idBounds(kind: RecordKind) async throws -> ClosedRange<Int64>?

    /// Search queries run since `since`, oldest first, skipping the first `offset` of them.
    func searchQueries(since: Date, offset: Int, limit: Int) async throws -> [SearchQuery]

    /// Appends search queries to the log.
    func recordSearchQueries(_ queries: [SearchQuery]) async throws

    /// Runs the backend's maintenance (analyze, optimize, vacuum) and says what it did.
    func maintain() async throws -> [String]
}
