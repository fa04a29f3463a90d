/// Brings a database file to ``SQLiteSchema/currentVersion``, one transaction per migration.
enum SQLiteMigrator {
    /// What opening did to the schema.
    struct Outcome: Sendable {
        /// The version found in the file.
        var from: Int
        /// The version the file has now.
        var to: Int
    }

    /// Validates the file, switches it to WAL and applies pending migrations.
    ///
    /// Steps, in an order that leaves a file this build cannot use untouched: read
    /// `PRAGMA user_version` (the first read of the file, which fails with `SQLITE_NOTADB` for a
    /// file that is not a database); refuse a newer version; only then set WAL mode and migrate.
    /// Each migration re-reads the version inside its write transaction, so two processes opening
    /// a fresh file at once apply each step once.
    ///
    /// - Throws: ``SQLiteError`` for an unreadable file, ``SQLiteSchemaVersionError`` for a newer
    ///   schema.
    static func migrate(_ session: SQLiteSession) throws -> Outcome {
        let found = try version(of: session)
        guard found <= SQLiteSchema.currentVersion else {
            throw SQLiteSchemaVersionError(
                path: session.path, foundVersion: found, supportedVersion: SQLiteSchema.currentVersion
            )
        }

        try session.execute("PRAGMA journal_mode = WAL")
        if found == 0 {
            // auto_vacuum can only change while the file has no tables; incremental mode lets
            // maintenance hand freed pages back to the file system without a full VACUUM.
            try session.execute("PRAGMA auto_vacuum = INCREMENTAL")
        }

        for migration in SQLiteSchema.migrations where migration.version > found {
            try session.transaction("migrate to schema version \(migration.version)", kind: .immediate) {
                guard try version(of: session) < migration.version else { return }
                try session.execute(migration.sql)
                try session.execute("PRAGMA user_version = \(migration.version)")
            }
        }
        return Outcome(from: found, to: max(found, SQLiteSchema.currentVersion))
    }

    private static func version(of session: SQLiteSession) throws -> Int {
        Int(try session.first("PRAGMA user_version") { $0.int64(0) } ?? 0)
    }
}
