import Foundation

extension InMemoryRecordStore {
    /// The search query log, sorted lazily by time and then by the order queries were recorded.
    struct SearchLog {
        private var entries: [(sequence: Int, query: SearchQuery)] = []
        private var isSorted = true

        mutating func append(_ queries: [SearchQuery]) {
            for original in queries {
                var query = original
                query.occurredAt = query.occurredAt.truncatedToMilliseconds
                if let last = entries.last, query.occurredAt < last.query.occurredAt { isSorted = false }
                entries.append((entries.count, query))
            }
        }

        /// Sorts the log if needed; returns how many queries it holds.
        @discardableResult
        mutating func prepare() -> Int {
            if !isSorted {
                entries.sort { ($0.query.occurredAt, $0.sequence) < ($1.query.occurredAt, $1.sequence) }
                isSorted = true
            }
            return entries.count
        }

        /// Queries with `occurredAt >= since`, oldest first, after skipping `offset`; O(log n + limit).
        mutating func queries(since: Date, offset: Int, limit: Int) -> [SearchQuery] {
            prepare()
            guard limit > 0 else { return [] }
            let first = InMemoryIndex.partitionPoint(entries) { $0.query.occurredAt >= since }
            let start = first + max(0, offset)
            guard start < entries.count else { return [] }
            return entries[start...].prefix(limit).map(\.query)
        }
    }
}
