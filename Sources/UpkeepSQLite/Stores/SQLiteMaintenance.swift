import Foundation

/// The whole database's housekeeping, run by ``SQLiteRecordStore/maintain()``.
enum SQLiteMaintenance {
    /// How many pages one `incremental_vacuum` may return to the file system; larger free lists
    /// are handed back over several runs so one run never rewrites the file for long.
    static let vacuumPageLimit = 10_000

    /// Runs, outside any transaction: purge of cache rows expired at `now`, `PRAGMA optimize`, `ANALYZE`,
    /// `PRAGMA incremental_vacuum(N)` when the file has free pages, and
    /// `PRAGMA wal_checkpoint(TRUNCATE)`. Returns one line per action.
    ///
    /// - Throws: ``SQLiteError`` when a statement fails.
    static func run(on session: SQLiteSession, now: Date) throws -> [String] {
        var report: [String] = []
        let purged = try session.run(
            "DELETE FROM cache_entries WHERE expires_at <= ?1", [.integer(now.epochMilliseconds)]
        )
        report.append("sqlite: deleted \(purged) expired cache entries")

        try session.execute("PRAGMA optimize")
        report.append("sqlite: ran PRAGMA optimize")
        try session.execute("ANALYZE")
        report.append("sqlite: ran ANALYZE")

        let free = try session.first("PRAGMA freelist_count") { $0.int64(0) } ?? 0
        if free > 0 {
            try session.execute("PRAGMA incremental_vacuum(\(vacuumPageLimit))")
            let left = try session.first("PRAGMA freelist_count") { $0.int64(0) } ?? 0
            report.append("sqlite: incremental vacuum returned \(free - left) of \(free) free pages")
        } else {
            report.append("sqlite: no free pages to vacuum")
        }

        let checkpoint = try session.first("PRAGMA wal_checkpoint(TRUNCATE)") { row in
            (busy: row.int64(0), frames: row.int64(1), checkpointed: row.int64(2))
        }
        if let checkpoint, checkpoint.busy == 0 {
            report.append("sqlite: checkpointed \(checkpoint.checkpointed) WAL frames and truncated the WAL")
        } else {
            report.append("sqlite: WAL checkpoint could not finish because readers were active; it will run again")
        }
        return report
    }
}
