import Foundation
import Synchronization

/// A ``RecordStore`` held in process memory, for unit tests, benchmarks and offline hosts.
///
/// Each kind keeps its rows by id plus two lazily sorted keyset indexes, one by id and one by
/// `(updatedAt, id)`, so a page costs O(log n + limit) once the indexes are sorted. All state sits
/// behind one `Mutex`; times are kept to millisecond precision.
public final class InMemoryRecordStore: RecordStore {
    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    public func upsertRecords(_ records: [Record]) async throws {
        state.withLock { state in
            for record in records { state.tables[record.kind, default: Table()].upsert(record) }
        }
    }

    public func records(kind: RecordKind, ids: [Int64]) async throws -> [Record] {
        state.withLock { state in
            guard let table = state.tables[kind] else { return [] }
            return Set(ids).sorted().compactMap { table.rows[$0] }
        }
    }

    public func changes(kind: RecordKind, after: SyncCursor?, limit: Int) async throws -> [Record] {
        state.withLock { state in
            guard limit > 0, state.tables[kind] != nil else { return [] }
            return state.tables[kind, default: Table()].changes(after: after, limit: limit)
        }
    }

    public func archiveCandidates(
        kind: RecordKind,
        createdBefore: Date,
        after: Int64?,
        limit: Int
    ) async throws -> [Int64] {
        state.withLock { state in
            guard limit > 0, state.tables[kind] != nil else { return [] }
            var page: [Int64] = []
            state.tables[kind, default: Table()].walkIDs(after: after) { record in
                if record.status == .active, !record.isStarred, record.createdAt < createdBefore {
                    page.append(record.id)
                }
                return page.count < limit
            }
            return page
        }
    }

    /// Marks active, unstarred rows as archived with `updatedAt` set to `at`; returns how many
    /// changed.
    public func archive(kind: RecordKind, ids: [Int64], at: Date) async throws -> Int {
        state.withLock { state in
            guard state.tables[kind] != nil else { return 0 }
            return state.tables[kind, default: Table()].archive(ids: ids, at: at)
        }
    }

    public func digest(kind: RecordKind, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest {
        state.withLock { state in
            guard state.tables[kind] != nil else { return .empty }
            var digest = ConsistencyDigest.empty
            state.tables[kind, default: Table()].walkIDs(after: ids.lowerBound == .min ? nil : ids.lowerBound - 1) {
                guard $0.id <= ids.upperBound else { return false }
                if $0.status != .deleted { digest.add(id: $0.id, updatedAt: $0.updatedAt) }
                return true
            }
            return digest
        }
    }

    public func idBounds(kind: RecordKind) async throws -> ClosedRange<Int64>? {
        state.withLock { state in
            guard state.tables[kind] != nil else { return nil }
            return state.tables[kind, default: Table()].idBounds()
        }
    }

    /// Search queries with `occurredAt >= since`, oldest first (ties in the order recorded),
    /// skipping the first `offset`.
    public func searchQueries(since: Date, offset: Int, limit: Int) async throws -> [SearchQuery] {
        state.withLock { $0.searchLog.queries(since: since, offset: offset, limit: limit) }
    }

    public func recordSearchQueries(_ queries: [SearchQuery]) async throws {
        state.withLock { $0.searchLog.append(queries) }
    }

    /// Sorts and compacts every lazy index now and says how many rows and queries they cover.
    public func maintain() async throws -> [String] {
        state.withLock { state in
            var lines: [String] = []
            for kind in state.tables.keys.sorted() {
                let rows = state.tables[kind, default: Table()].prepareIndexes()
                lines.append("in-memory: indexed \(rows) \(kind) rows")
            }
            let queries = state.searchLog.prepare()
            lines.append("in-memory: sorted \(queries) search queries")
            return lines
        }
    }
}

extension InMemoryRecordStore {
    struct State {
        var tables: [RecordKind: Table] = [:]
        var searchLog = SearchLog()
    }
}
