import Foundation
import Upkeep
import UpkeepDemo
import UpkeepSQLite

/// A source table of users, tags, notes and events for the sync scenario, drawn from fixed seeds.
///
/// Of `rowCount` rows, 1% are users, 0.1% (at least 10) tags, and the rest 60% notes and 40%
/// events. Notes have an owner and up to two tags, events an owner and up to one tag, so a full
/// sync creates about 1.5 edges per row. Every row was created 30 to 730 days and last changed
/// at least 2 days before ``now``; a row's content is a function of its kind and id alone, so a
/// change set is rebuilt from ``record(kind:id:)`` rather than read back.
struct SyncWorkload: Sendable {
    /// How many rows the table holds.
    let rowCount: Int
    /// The instant the source table was loaded; changes come later.
    let now: Date
    /// Rows per kind, in ``RecordKind/synced`` order.
    let counts: [(kind: RecordKind, count: Int)]

    /// Creates a table of `rowCount` rows as seen at `now`.
    init(rowCount: Int, now: Date) {
        self.rowCount = rowCount
        self.now = Date(epochMilliseconds: now.epochMilliseconds)
        let users = max(1, rowCount / 100)
        let tags = max(10, rowCount / 1_000)
        let items = max(2, rowCount - users - tags)
        let notes = items * 6 / 10
        counts = [(.user, users), (.tag, tags), (.note, notes), (.event, items - notes)]
    }

    private func count(of kind: RecordKind) -> Int {
        counts.first { $0.kind == kind }?.count ?? 0
    }

    // MARK: - Rows

    /// Row `id` (counting from 1) of `kind` as first loaded.
    func record(kind: RecordKind, id: Int64) -> Record {
        let seed = UInt64(bitPattern: id) &* 31 &+ UInt64(kind.rawValue.utf8.count) << 56
        var generator = SeededRandomNumberGenerator(seed: seed)
        let ageDays = 30 + 700 * generator.nextUnit()
        let created = now.epochMilliseconds - DecayWorkload.millis(days: ageDays)
        let updated = created + DecayWorkload.millis(days: (ageDays - 2) * generator.nextUnit())
        var record = Record(
            kind: kind, id: id, fields: ["title": .string("\(kind.rawValue) \(id)")],
            createdAt: Date(epochMilliseconds: created), updatedAt: Date(epochMilliseconds: updated))
        guard kind == .note || kind == .event else { return record }

        record.ownerID = 1 + Int64(generator.next() % UInt64(count(of: .user)))
        let tagLimit = kind == .note ? 3 : 2
        let tags = Set(
            (0..<Int(generator.next() % UInt64(tagLimit))).map { _ in
                1 + Int64(generator.next() % UInt64(count(of: .tag)))
            })
        record.tagIDs = tags.sorted()
        return record
    }

    /// Every row of `kind`, in batches of ids.
    func batches(of kind: RecordKind) -> [[Record]] {
        DecayWorkload.batches(of: count(of: kind)).map { range in
            range.map { record(kind: kind, id: Int64($0 + 1)) }
        }
    }

    /// Writes every row into a new database at `path` through the record store and closes it.
    ///
    /// - Throws: What the record store throws.
    func loadRecords(at path: String) async throws {
        try SQLiteFiles.remove(path)
        let database = try await SQLiteDatabase(path: path)
        for (kind, _) in counts {
            for batch in batches(of: kind) {
                try await database.records.upsertRecords(batch)
            }
        }
        await database.close()
    }

    // MARK: - Changes

    /// `size` distinct rows, chosen from all kinds in proportion with seed `seed`, edited (a new
    /// title) at instants spread evenly over the hour before `through`.
    func changes(size: Int, seed: UInt64, through: Date) -> [Record] {
        var generator = SeededRandomNumberGenerator(seed: seed)
        var chosen = Set<Int>()
        while chosen.count < min(size, rowCount) {
            chosen.insert(Int(generator.next() % UInt64(rowCount)))
        }

        let end = through.epochMilliseconds
        return chosen.sorted().enumerated().map { offset, row in
            var record = record(atRow: row)
            record.fields["title"] = .string("edited \(seed) \(record.id)")
            let step = 3_600_000 / Int64(max(1, size))
            record.updatedAt = Date(epochMilliseconds: end - 3_600_000 + Int64(offset + 1) * step)
            return record
        }
    }

    /// The row at position `row` when the kinds are laid end to end.
    private func record(atRow row: Int) -> Record {
        var remaining = row
        for (kind, count) in counts {
            if remaining < count { return record(kind: kind, id: Int64(remaining + 1)) }
            remaining -= count
        }
        return record(kind: .event, id: Int64(count(of: .event)))
    }
}
