import Foundation

extension InMemoryRecordStore {
    /// The rows of one kind with their keyset indexes.
    struct Table {
        /// A row's position in the change stream.
        struct Change {
            var updatedAt: Int64
            var id: Int64
        }

        var rows: [Int64: Record] = [:]
        /// Every id, sorted when ``idsAreSorted``.
        var ids: [Int64] = []
        var idsAreSorted = true
        /// One entry per row version written; entries whose time no longer matches the row are
        /// stale until the next compaction.
        var changeIndex: [Change] = []
        var changeIndexIsSorted = true
        var staleChanges = 0

        mutating func upsert(_ original: Record) {
            var record = original
            record.createdAt = record.createdAt.truncatedToMilliseconds
            record.updatedAt = record.updatedAt.truncatedToMilliseconds
            let change = Change(updatedAt: record.updatedAt.epochMilliseconds, id: record.id)
            guard let previous = rows.updateValue(record, forKey: record.id) else {
                if let last = ids.last, record.id < last { idsAreSorted = false }
                ids.append(record.id)
                appendChange(change)
                return
            }
            if previous.updatedAt != record.updatedAt {
                staleChanges += 1
                appendChange(change)
            }
        }

        private mutating func appendChange(_ change: Change) {
            if let last = changeIndex.last, (change.updatedAt, change.id) < (last.updatedAt, last.id) {
                changeIndexIsSorted = false
            }
            changeIndex.append(change)
        }

        mutating func archive(ids chosen: [Int64], at date: Date) -> Int {
            var archived = 0
            for id in Set(chosen) {
                guard var record = rows[id], record.status == .active, !record.isStarred else { continue }
                record.status = .archived
                record.updatedAt = date
                upsert(record)
                archived += 1
            }
            return archived
        }

        /// Sorts and compacts both indexes; returns the number of rows.
        @discardableResult
        mutating func prepareIndexes() -> Int {
            if !idsAreSorted {
                ids.sort()
                idsAreSorted = true
            }
            if staleChanges > 0 {
                let rows = self.rows
                changeIndex.removeAll { rows[$0.id]?.updatedAt.epochMilliseconds != $0.updatedAt }
            }
            if !changeIndexIsSorted {
                changeIndex.sort { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
                changeIndexIsSorted = true
            }
            if staleChanges > 0 {
                removeRepeatedChanges()
                staleChanges = 0
            }
            return rows.count
        }

        /// Drops repeated entries, left when a row's `updatedAt` went back to an earlier value;
        /// they are adjacent once the index is sorted.
        private mutating func removeRepeatedChanges() {
            var kept = 0
            for position in changeIndex.indices {
                let change = changeIndex[position]
                if kept > 0, changeIndex[kept - 1].updatedAt == change.updatedAt,
                    changeIndex[kept - 1].id == change.id
                {
                    continue
                }
                changeIndex[kept] = change
                kept += 1
            }
            changeIndex.removeLast(changeIndex.count - kept)
        }

        /// Rows in `(updatedAt, id)` order strictly after `after`; O(log n + limit).
        mutating func changes(after: SyncCursor?, limit: Int) -> [Record] {
            prepareIndexes()
            var start = 0
            if let after {
                let cursor = (after.updatedAt.epochMilliseconds, after.id)
                start = InMemoryIndex.partitionPoint(changeIndex) { ($0.updatedAt, $0.id) > cursor }
            }
            return changeIndex[start...].prefix(limit).compactMap { rows[$0.id] }
        }

        /// Calls `visit` with rows in id order after `after` until it returns false.
        mutating func walkIDs(after: Int64?, _ visit: (Record) -> Bool) {
            prepareIndexes()
            var position = after.map { after in InMemoryIndex.partitionPoint(ids) { $0 > after } } ?? 0
            while position < ids.count {
                if let record = rows[ids[position]], !visit(record) { return }
                position += 1
            }
        }

        mutating func idBounds() -> ClosedRange<Int64>? {
            prepareIndexes()
            guard let first = ids.first, let last = ids.last else { return nil }
            return first...last
        }
    }
}
