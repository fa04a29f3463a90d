import Foundation
import Upkeep

/// A ``Upkeep/RecordStore`` on SQLite: source rows keyed by `(kind, id)`, the change stream
/// indexed on `(kind, updated_at, id)`, and the search log.
///
/// Fields are stored as JSON text (see ``PropertyJSON``) and tag ids as a JSON array. Get a store
/// from ``SQLiteDatabase/records``.
public final class SQLiteRecordStore: Sendable {
    let access: SQLiteStoreAccess
    let clock: any UpkeepClock

    init(access: SQLiteStoreAccess, clock: any UpkeepClock) {
        self.access = access
        self.clock = clock
    }

    /// The columns ``record(_:)`` reads, in order.
    static let columns = "kind, id, owner_id, tag_ids, fields, status, starred, created_at, updated_at"
}

extension SQLiteRecordStore: RecordStore {
    /// Creates or replaces rows, keyed by kind and id, in one transaction.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails; nothing is written then.
    public func upsertRecords(_ records: [Record]) async throws {
        guard !records.isEmpty else { return }
        try await access.write("upsertRecords") { session in
            try session.withStatement(
                """
                INSERT OR REPLACE INTO records (\(Self.columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """
            ) { statement in
                for record in records {
                    defer { statement.reset() }
                    try statement.bind([
                        .text(record.kind.rawValue), .integer(record.id), .optionalInteger(record.ownerID),
                        .text(JSONText.array(record.tagIDs)), .text(PropertyJSON.encode(record.fields) ?? "{}"),
                        .text(record.status.rawValue), .integer(record.isStarred ? 1 : 0),
                        .milliseconds(record.createdAt), .milliseconds(record.updatedAt),
                    ])
                    try statement.execute()
                }
            }
        }
    }

    /// The rows of `kind` with the given ids that exist, in id order.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or a stored row cannot be decoded.
    public func records(kind: RecordKind, ids: [Int64]) async throws -> [Record] {
        let ids = Set(ids).sorted()
        guard !ids.isEmpty else { return [] }
        return try await access.read("records") { session in
            try session.withStatement("SELECT \(Self.columns) FROM records WHERE kind = ?1 AND id = ?2") { statement in
                try ids.compactMap { id in
                    defer { statement.reset() }
                    try statement.bind([.text(kind.rawValue), .integer(id)])
                    return try statement.step() ? Self.record(statement.row) : nil
                }
            }
        }
    }

    /// A page of rows of `kind` in `(updatedAt, id)` order strictly after `after`, including
    /// archived and deleted rows; a range walk of `records_by_change`, O(log n + limit).
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or a stored row cannot be decoded.
    public func changes(kind: RecordKind, after: SyncCursor?, limit: Int) async throws -> [Record] {
        guard limit > 0 else { return [] }
        let values: [SQLiteValue] = [
            .text(kind.rawValue), .integer(after?.updatedAt.epochMilliseconds ?? .min), .integer(after?.id ?? .min),
            .integer(Int64(limit)),
        ]
        let comparison = after == nil ? ">=" : ">"
        return try await access.read("changes") { session in
            try session.query(
                """
                SELECT \(Self.columns) FROM records
                WHERE kind = ?1 AND (updated_at, id) \(comparison) (?2, ?3) ORDER BY updated_at, id LIMIT ?4
                """,
                values, Self.record
            )
        }
    }

    /// Active, unstarred rows of `kind` created before `createdBefore`, in id order after
    /// `after`; a primary-key range walk that skips rows failing the filter.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func archiveCandidates(
        kind: RecordKind,
        createdBefore: Date,
        after: Int64?,
        limit: Int
    ) async throws -> [Int64] {
        guard limit > 0 else { return [] }
        let comparison = after == nil ? ">=" : ">"
        let values: [SQLiteValue] = [
            .text(kind.rawValue), .integer(after ?? .min), .integer(createdBefore.epochMillisecondsRoundedUp),
            .integer(Int64(limit)),
        ]
        return try await access.read("archiveCandidates") { session in
            try session.query(
                """
                SELECT id FROM records
                WHERE kind = ?1 AND id \(comparison) ?2 AND status = 'active' AND starred = 0 AND created_at < ?3
                ORDER BY id LIMIT ?4
                """,
                values
            ) { $0.int64(0) }
        }
    }

    /// Marks active, unstarred rows as archived at `at` in one transaction; returns how many
    /// changed. Rows edited by the host since they were chosen keep the host's change.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails; nothing is written then.
    public func archive(kind: RecordKind, ids: [Int64], at: Date) async throws -> Int {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return 0 }
        return try await access.write("archive") { session in
            try session.withStatement(
                """
                UPDATE records SET status = 'archived', updated_at = ?3
                WHERE kind = ?1 AND id = ?2 AND status = 'active' AND starred = 0
                """
            ) { statement in
                var archived = 0
                for id in ids {
                    defer { statement.reset() }
                    try statement.bind([.text(kind.rawValue), .integer(id), .milliseconds(at)])
                    try statement.execute()
                    archived += session.changes
                }
                return archived
            }
        }
    }

    /// Count and checksum of `(id, updatedAt)` over non-deleted rows of `kind` in `ids`.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func digest(kind: RecordKind, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest {
        try await access.read("digest") { session in
            try session.withStatement(
                """
                SELECT id, updated_at FROM records
                WHERE kind = ?1 AND id BETWEEN ?2 AND ?3 AND status != 'deleted'
                """
            ) { statement in
                try statement.bind([.text(kind.rawValue), .integer(ids.lowerBound), .integer(ids.upperBound)])
                var digest = ConsistencyDigest.empty
                while try statement.step() {
                    digest.add(id: statement.row.int64(0), updatedAt: statement.row.date(1))
                }
                return digest
            }
        }
    }

    /// The smallest and largest id of `kind`, or `nil` when there are no rows; two primary-key
    /// seeks, O(log n).
    ///
    /// Each bound is its own subquery: SQLite answers a lone `min()` or `max()` with one seek,
    /// but `SELECT min(id), max(id)` walks every row of the kind.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func idBounds(kind: RecordKind) async throws -> ClosedRange<Int64>? {
        try await access.read("idBounds") { session in
            try session.first(
                """
                SELECT (SELECT min(id) FROM records WHERE kind = ?1), (SELECT max(id) FROM records WHERE kind = ?1)
                """,
                [.text(kind.rawValue)]
            ) { row in
                row.isNull(0) || row.isNull(1) ? nil : row.int64(0)...row.int64(1)
            } ?? nil
        }
    }

    /// Search queries run at or after `since`, oldest first, skipping the first `offset`.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func searchQueries(since: Date, offset: Int, limit: Int) async throws -> [SearchQuery] {
        guard limit > 0 else { return [] }
        let values: [SQLiteValue] = [
            .integer(since.epochMillisecondsRoundedUp), .integer(Int64(limit)), .integer(Int64(max(0, offset))),
        ]
        return try await access.read("searchQueries") { session in
            try session.query(
                """
                SELECT user_id, text, occurred_at FROM search_queries
                WHERE occurred_at >= ?1 ORDER BY occurred_at, seq LIMIT ?2 OFFSET ?3
                """,
                values
            ) { SearchQuery(userID: $0.optionalInt64(0), text: $0.text(1), occurredAt: $0.date(2)) }
        }
    }

    /// Appends search queries to the log in one transaction.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails; nothing is written then.
    public func recordSearchQueries(_ queries: [SearchQuery]) async throws {
        guard !queries.isEmpty else { return }
        try await access.write("recordSearchQueries") { session in
            try session.withStatement(
                "INSERT INTO search_queries (user_id, text, occurred_at) VALUES (?1, ?2, ?3)"
            ) { statement in
                for query in queries {
                    defer { statement.reset() }
                    try statement.bind([
                        .optionalInteger(query.userID), .text(query.text), .milliseconds(query.occurredAt),
                    ])
                    try statement.execute()
                }
            }
        }
    }

    /// Runs the whole database's maintenance: purges expired cache rows, `PRAGMA optimize`,
    /// `ANALYZE`, an incremental vacuum when there are free pages, and
    /// `PRAGMA wal_checkpoint(TRUNCATE)`.
    ///
    /// - Returns: One line per action, saying what it did.
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func maintain() async throws -> [String] {
        let now = clock.now()
        return try await access.maintain("maintain") { session in
            try SQLiteMaintenance.run(on: session, now: now)
        }
    }

    /// A record from a row of ``columns``.
    private static func record(_ row: SQLiteRow) throws -> Record {
        let kind = RecordKind(row.text(0))
        let id = row.int64(1)
        let status = RecordStatus(rawValue: row.text(5))
        guard let status, let tagIDs = JSONText.integers(row.text(3)),
            let fields = try? PropertyJSON.decode(row.text(4))
        else {
            throw StoreError.corrupt(
                .record, "read record", "record \(kind) \(id) has a malformed status, tags or fields"
            )
        }
        return Record(
            kind: kind, id: id, ownerID: row.optionalInt64(2), tagIDs: tagIDs, fields: fields, status: status,
            isStarred: row.int64(6) != 0, createdAt: row.date(7), updatedAt: row.date(8)
        )
    }
}
