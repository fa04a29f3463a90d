/// One step of the schema's history: SQL that moves a database from `version - 1` to `version`.
struct SQLiteMigration: Sendable {
    /// The `PRAGMA user_version` the database has after this step.
    let version: Int
    /// The DDL, run in one transaction together with the version bump.
    let sql: String
}

/// The database schema, as an append-only list of migrations.
///
/// Conventions: times are INTEGER epoch milliseconds; node keys are stored as `(label, id)` and
/// paged in that order (which is ``Upkeep/NodeKey``'s order); relationship keys are stored as
/// their `uid` text (``Upkeep/RelationshipKey/description``) and paged by it. Since version 2 a
/// relationship's weight fields live in a narrow table keyed by an integer id (see
/// ``version2``). All text compares
/// with SQLite's default `BINARY` collation, byte order of UTF-8, which is Swift's `String` order
/// for ASCII and NFC-normalised text. Properties, tag ids and reports are JSON text.
enum SQLiteSchema {
    /// Every migration in order; never edit a released one, append a new one instead.
    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(version: 1, sql: version1),
        SQLiteMigration(version: 2, sql: version2),
    ]

    /// The newest schema version this build knows.
    static var currentVersion: Int { migrations.last?.version ?? 0 }

    // MARK: - Version 1

    private static let version1 = graph + records + cache + taskBus + runLedger

    /// Nodes keyed by `(label, id)`; relationships by `uid` in a `WITHOUT ROWID` table, so a
    /// keyset page and a weight write are each one primary-key B-tree walk.
    ///
    /// Indexes: `relationships_by_from`/`_to` serve endpoint lookups, deletes and the orphan scan;
    /// the partial `relationships_weak` holds only edges under 0.1, so the cleanup scan for weak
    /// edges reads just them and weight writes touch it only for weak edges. Interactions are counted
    /// per `(target, occurred_at)`.
    ///
    /// The staleness scan pages in key order, so it walks the `uid` primary key and filters on
    /// `updated_at`; a whole pass reads each edge once whatever share is stale. There is
    /// deliberately no `(updated_at, uid)` index: it cannot produce key order without sorting all
    /// stale rows for every page, and because every weight write moves `updated_at`, keeping it up
    /// to date made weight writes roughly 40% slower when measured on 100,000 edges.
    private static let graph = """
        CREATE TABLE nodes (
            label TEXT NOT NULL,
            id TEXT NOT NULL,
            properties TEXT,
            title TEXT,
            owner TEXT,
            placeholder INTEGER NOT NULL DEFAULT 0,
            int_id INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (label, id)
        ) WITHOUT ROWID;
        CREATE INDEX nodes_by_created ON nodes (created_at);
        CREATE INDEX nodes_by_owner ON nodes (owner) WHERE owner IS NOT NULL;
        CREATE INDEX nodes_by_int_id ON nodes (label, int_id) WHERE int_id IS NOT NULL;

        CREATE TABLE relationships (
            uid TEXT NOT NULL PRIMARY KEY,
            type TEXT NOT NULL,
            from_label TEXT NOT NULL,
            from_id TEXT NOT NULL,
            to_label TEXT NOT NULL,
            to_id TEXT NOT NULL,
            weight REAL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_interaction_at INTEGER,
            boosted_through INTEGER,
            properties TEXT
        ) WITHOUT ROWID;
        CREATE INDEX relationships_by_from ON relationships (from_label, from_id);
        CREATE INDEX relationships_by_to ON relationships (to_label, to_id);
        CREATE INDEX relationships_weak ON relationships (uid, created_at, last_interaction_at) WHERE weight < 0.1;

        CREATE TABLE interactions (
            id TEXT NOT NULL PRIMARY KEY,
            user_label TEXT NOT NULL,
            user_id TEXT NOT NULL,
            target_uid TEXT NOT NULL,
            kind TEXT NOT NULL,
            occurred_at INTEGER NOT NULL
        );
        CREATE INDEX interactions_by_target ON interactions (target_uid, occurred_at);
        CREATE INDEX interactions_by_user ON interactions (user_label, user_id, occurred_at);

        CREATE TABLE sync_checkpoints (
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            id INTEGER NOT NULL,
            PRIMARY KEY (name, kind)
        ) WITHOUT ROWID;

        """

    /// Source rows keyed by `(kind, id)`, with the change stream's `(kind, updated_at, id)` order
    /// indexed, and the search log in arrival order.
    private static let records = """
        CREATE TABLE records (
            kind TEXT NOT NULL,
            id INTEGER NOT NULL,
            owner_id INTEGER,
            tag_ids TEXT NOT NULL,
            fields TEXT NOT NULL,
            status TEXT NOT NULL,
            starred INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;
        CREATE INDEX records_by_change ON records (kind, updated_at, id);

        CREATE TABLE search_queries (
            seq INTEGER PRIMARY KEY,
            user_id INTEGER,
            text TEXT NOT NULL,
            occurred_at INTEGER NOT NULL
        );
        CREATE INDEX search_queries_by_time ON search_queries (occurred_at, seq);

        """

    /// Cache entries with their expiry; the partial index on `user` is the per-user key index
    /// that `invalidate(user:)` reads, kept in step with the row by SQLite itself.
    private static let cache = """
        CREATE TABLE cache_entries (
            key TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL,
            expires_at INTEGER,
            user TEXT
        ) WITHOUT ROWID;
        CREATE INDEX cache_by_expiry ON cache_entries (expires_at) WHERE expires_at IS NOT NULL;
        CREATE INDEX cache_by_user ON cache_entries (user) WHERE user IS NOT NULL;

        """

    /// Tasks in publish order (`seq`), claimable when `visible_at` has passed; idempotency keys
    /// outlive their tasks so a slot published again after its task was acknowledged is still
    /// a duplicate.
    private static let taskBus = """
        CREATE TABLE tasks (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            payload BLOB NOT NULL,
            attempt INTEGER NOT NULL,
            not_before INTEGER NOT NULL,
            idempotency_key TEXT,
            visible_at INTEGER NOT NULL,
            consumer TEXT,
            receipt TEXT UNIQUE,
            delivery_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX tasks_by_visibility ON tasks (visible_at, seq);

        CREATE TABLE task_idempotency_keys (
            key TEXT NOT NULL PRIMARY KEY,
            task_id TEXT NOT NULL,
            published_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE dead_letters (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            task_id TEXT NOT NULL,
            type TEXT NOT NULL,
            payload BLOB NOT NULL,
            attempt INTEGER NOT NULL,
            not_before INTEGER NOT NULL,
            idempotency_key TEXT,
            reason TEXT NOT NULL,
            failed_at INTEGER NOT NULL
        );
        CREATE INDEX dead_letters_by_time ON dead_letters (failed_at, seq);

        """

    /// Job reports as JSON, with the columns the ledger filters and sorts on.
    private static let runLedger = """
        CREATE TABLE job_runs (
            id TEXT NOT NULL PRIMARY KEY,
            job TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            report TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX job_runs_by_job ON job_runs (job, started_at);
        CREATE INDEX job_runs_by_start ON job_runs (started_at);

        """
}
