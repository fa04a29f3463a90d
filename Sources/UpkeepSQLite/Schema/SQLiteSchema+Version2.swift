extension SQLiteSchema {
    /// Version 2: a relationship's weight fields move to the narrow, integer-keyed
    /// `relationship_weights`, and interactions name their target by an integer id.
    ///
    /// The weight pass (``SQLiteGraphStore/updateWeights(_:after:limit:)``) walks
    /// `relationship_weights` in `id` order and rewrites rows of about 50 bytes in place, where
    /// version 1 rewrote a wide `WITHOUT ROWID` row found by its ~35-byte text `uid`: measured on
    /// 1,000,000 rows, a set-based UPDATE of the version 1 table took 2.0 s, of the narrow one
    /// 0.38 s. The tables:
    ///
    /// - `interaction_targets`: one row per node that is the target of a relationship or of an
    ///   interaction, with `latest_at`, an upper bound of its interactions' `occurred_at`
    ///   (maintained by the trigger `interactions_latest`; deleting interactions never lowers
    ///   it). A relationship whose target's `latest_at` is not inside its window has no
    ///   interactions to count, so the pass skips the probe of `interactions_by_target`.
    /// - `relationship_weights`: `weight`, `created_at`, `updated_at`, `last_interaction_at`,
    ///   `boosted_through`, the `to` endpoint's target id, and the ids of `User` endpoints
    ///   (`from_user`, `to_user`, NULL for other labels), so the pass can list changed users
    ///   without reading keys. Endpoints are part of a relationship's key and never change, so the
    ///   copies cannot drift.
    /// - `relationships`: the key columns and properties, keyed by `uid` as before, with the
    ///   `id` of its weights row; the trigger `relationships_delete_weights` deletes the weights
    ///   row with its relationship, so every delete path keeps the tables in step.
    /// - `weak_relationships`: the `uid`s of relationships whose weight is under 0.1, in key
    ///   order, for the cleanup scan; version 1's partial index did this, but an index on the
    ///   weights table cannot hold the `uid`. The code that writes a weight keeps it in step
    ///   (``GraphRows/setWeak(_:id:in:)``) when the weight crosses 0.1 (a NULL weight, how SQLite
    ///   stores NaN, is not weak, as in version 1), and the trigger `relationships_delete_weights`
    ///   on delete. It is not a trigger on `relationship_weights`: evaluating a trigger's condition
    ///   on every row made a 1,000,000-row update 0.32 s (70%) slower.
    /// - `interactions`: `target` is an `interaction_targets` id, indexed with `occurred_at`.
    ///
    /// Existing data is converted in place: weights rows are numbered in `uid` order.
    static let version2 = """
        CREATE TABLE interaction_targets (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            node_id TEXT NOT NULL,
            latest_at INTEGER,
            UNIQUE (label, node_id)
        );
        INSERT OR IGNORE INTO interaction_targets (label, node_id)
            SELECT to_label, to_id FROM relationships ORDER BY uid;
        INSERT OR IGNORE INTO interaction_targets (label, node_id)
            SELECT substr(target_uid, 1, instr(target_uid, ':') - 1), substr(target_uid, instr(target_uid, ':') + 1)
            FROM interactions ORDER BY target_uid;
        UPDATE interaction_targets SET latest_at = (
            SELECT max(occurred_at) FROM interactions
            WHERE target_uid = interaction_targets.label || ':' || interaction_targets.node_id
        );

        CREATE TABLE relationships_v2 (
            uid TEXT NOT NULL PRIMARY KEY,
            id INTEGER NOT NULL UNIQUE,
            type TEXT NOT NULL,
            from_label TEXT NOT NULL,
            from_id TEXT NOT NULL,
            to_label TEXT NOT NULL,
            to_id TEXT NOT NULL,
            properties TEXT
        ) WITHOUT ROWID;
        INSERT INTO relationships_v2 (uid, id, type, from_label, from_id, to_label, to_id, properties)
            SELECT uid, row_number() OVER (ORDER BY uid), type, from_label, from_id, to_label, to_id, properties
            FROM relationships;

        CREATE TABLE relationship_weights (
            id INTEGER PRIMARY KEY,
            target INTEGER NOT NULL,
            weight REAL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_interaction_at INTEGER,
            boosted_through INTEGER,
            from_user TEXT,
            to_user TEXT
        );
        INSERT INTO relationship_weights (id, target, weight, created_at, updated_at, last_interaction_at,
                boosted_through, from_user, to_user)
            SELECT n.id, t.id, r.weight, r.created_at, r.updated_at, r.last_interaction_at, r.boosted_through,
                CASE WHEN r.from_label = 'User' THEN r.from_id END, CASE WHEN r.to_label = 'User' THEN r.to_id END
            FROM relationships AS r
            JOIN relationships_v2 AS n ON n.uid = r.uid
            JOIN interaction_targets AS t ON t.label = r.to_label AND t.node_id = r.to_id
            ORDER BY n.id;

        DROP TABLE relationships;
        ALTER TABLE relationships_v2 RENAME TO relationships;
        CREATE INDEX relationships_by_from ON relationships (from_label, from_id);
        CREATE INDEX relationships_by_to ON relationships (to_label, to_id);
        CREATE TRIGGER relationships_delete_weights AFTER DELETE ON relationships BEGIN
            DELETE FROM relationship_weights WHERE id = old.id;
            DELETE FROM weak_relationships WHERE uid = old.uid;
        END;

        CREATE TABLE weak_relationships (uid TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO weak_relationships (uid)
            SELECT r.uid FROM relationships AS r JOIN relationship_weights AS w ON w.id = r.id
            WHERE w.weight < 0.1;

        CREATE TABLE interactions_v2 (
            id TEXT NOT NULL PRIMARY KEY,
            user_label TEXT NOT NULL,
            user_id TEXT NOT NULL,
            target INTEGER NOT NULL,
            kind TEXT NOT NULL,
            occurred_at INTEGER NOT NULL
        );
        INSERT INTO interactions_v2 (id, user_label, user_id, target, kind, occurred_at)
            SELECT i.id, i.user_label, i.user_id, t.id, i.kind, i.occurred_at
            FROM interactions AS i
            JOIN interaction_targets AS t
              ON t.label = substr(i.target_uid, 1, instr(i.target_uid, ':') - 1)
             AND t.node_id = substr(i.target_uid, instr(i.target_uid, ':') + 1)
            ORDER BY i.rowid;
        DROP TABLE interactions;
        ALTER TABLE interactions_v2 RENAME TO interactions;
        CREATE INDEX interactions_by_target ON interactions (target, occurred_at);
        CREATE INDEX interactions_by_user ON interactions (user_label, user_id, occurred_at);
        CREATE TRIGGER interactions_latest AFTER INSERT ON interactions BEGIN
            UPDATE interaction_targets SET latest_at = max(coalesce(latest_at, new.occurred_at), new.occurred_at)
            WHERE id = new.target;
        END;

        """
}
