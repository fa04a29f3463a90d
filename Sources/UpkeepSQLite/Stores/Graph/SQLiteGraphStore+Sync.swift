import Foundation
import Upkeep

extension SQLiteGraphStore {
    /// The name ``applySyncBatch(_:checkpoint:)`` stores its checkpoint under: ``Upkeep/JobName/sync``.
    public static let syncCheckpointName = JobName.sync.rawValue

    /// Applies a sync batch and stores `checkpoint` under ``syncCheckpointName`` in ONE
    /// transaction: after a crash either both are in the file or neither is.
    ///
    /// The parts run in the documented order (upsert nodes, delete nodes, upsert relationships,
    /// delete relationships), so an endpoint is checked as it is after the node steps. Upserts are
    /// written in key order (ties keep their batch order): a sync page arrives in
    /// `(updatedAt, id)` order, which is random key order, and neighbouring keys share B-tree
    /// pages, so sorted writes find the page they need already in the cache more often. A node
    /// whose indexed columns are unchanged, the usual case for a re-synced row, is updated in
    /// place (``upsertInPlace(_:in:)``), which leaves the node indexes untouched.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` or `notFound` as the upsert
    ///   methods do; nothing is written then.
    public func applySyncBatch(_ batch: GraphSyncBatch, checkpoint: SyncCheckpoint) async throws {
        try GraphRows.validate(batch.upsertNodes, operation: "applySyncBatch")
        let nodes = Self.inKeyOrder(batch.upsertNodes) { $0.key }
        let relationships = Self.inKeyOrder(batch.upsertRelationships) { Self.sortKey($0.key) }
        try await access.write("applySyncBatch") { session in
            try Self.upsertInPlace(nodes, in: session)
            _ = try GraphRows.delete(batch.deleteNodes, in: session)
            try GraphRows.validate(relationships, operation: "applySyncBatch", in: session)
            try GraphRows.upsert(relationships, in: session)
            _ = try GraphRows.delete(batch.deleteRelationships, in: session)
            try Self.store(checkpoint, named: Self.syncCheckpointName, in: session)
        }
    }

    /// Writes nodes as ``GraphRows/upsert(_:in:)`` does, but without rewriting index entries
    /// that would not change.
    ///
    /// An upsert sets every column, so SQLite deletes and re-inserts the node's entries in
    /// `nodes_by_created`, `nodes_by_owner` and `nodes_by_int_id` even when their values are
    /// the same: three more random B-tree pages read and dirtied per node. A re-synced row
    /// usually changes only its properties and `updatedAt`, so each node is first tried as an
    /// UPDATE of the unindexed columns, matching only when `created_at`, `owner` and `int_id`
    /// already hold the node's values; a node it does not match (new, or with an indexed
    /// column changed) gets the full upsert. The stored row is the same either way.
    private static func upsertInPlace(_ nodes: [Node], in session: SQLiteSession) throws {
        try session.withStatement(
            """
            UPDATE nodes SET properties = ?3, title = ?4, placeholder = ?6, updated_at = ?9
            WHERE label = ?1 AND id = ?2 AND owner IS ?5 AND int_id IS ?7 AND created_at = ?8
            """
        ) { update in
            try session.withStatement(GraphRows.upsertNodeSQL) { upsert in
                for node in nodes {
                    let values = GraphRows.nodeValues(node)
                    defer { update.reset() }
                    try update.bind(values)
                    try update.execute()
                    guard session.changes == 0 else { continue }

                    defer { upsert.reset() }
                    try upsert.bind(values)
                    try upsert.execute()
                }
            }
        }
    }

    /// `items` sorted by `key`, equal keys in their original order, so a later write of a key
    /// still wins. Each item's key is computed once. O(n log n).
    private static func inKeyOrder<Item, Key: Comparable>(_ items: [Item], by key: (Item) -> Key) -> [Item] {
        guard items.count > 1 else { return items }
        let keyed = items.enumerated().map { (key: key($0.element), offset: $0.offset, item: $0.element) }
        return keyed.sorted { ($0.key, $0.offset) < ($1.key, $1.offset) }.map(\.item)
    }

    /// A relationship key's parts in the order of its stored uid (type, then start, then end),
    /// compared part by part; ``Upkeep/RelationshipKey``'s own `<` compares descriptions, which
    /// builds two strings per comparison.
    private static func sortKey(_ key: RelationshipKey) -> RelationshipSortKey {
        RelationshipSortKey(parts: [
            key.type.rawValue, key.from.label.rawValue, key.from.id, key.to.label.rawValue, key.to.id,
        ])
    }

    /// The checkpoint last stored under `name`, or `nil` before the first sync.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func checkpoint(named name: String) async throws -> SyncCheckpoint? {
        try await access.read("checkpoint") { session in
            let rows = try session.query(
                "SELECT kind, updated_at, id FROM sync_checkpoints WHERE name = ?1", [.text(name)]
            ) { row in
                (RecordKind(row.text(0)), SyncCursor(updatedAt: row.date(1), id: row.int64(2)))
            }
            guard !rows.isEmpty else { return nil }
            var checkpoint = SyncCheckpoint()
            for (kind, cursor) in rows where kind != Self.markerKind {
                if kind.rawValue.hasPrefix(Self.slicePrefix) {
                    let sliced = RecordKind(String(kind.rawValue.dropFirst(Self.slicePrefix.count)))
                    checkpoint.sliceStarts[sliced] = cursor.id
                } else {
                    checkpoint.cursors[kind] = cursor
                }
            }
            return checkpoint
        }
    }

    /// The kind of the row that marks a stored checkpoint with no cursors; no record kind is empty.
    private static let markerKind = RecordKind("")

    /// The prefix of the rows that hold ``Upkeep/SyncCheckpoint/sliceStarts``, `slice:<kind>`
    /// with the start as the id; no record kind contains a colon.
    private static let slicePrefix = "slice:"

    /// Replaces the cursors stored under `name`. A checkpoint with no cursors is stored as one
    /// marker row, so it still reads back as an (empty) checkpoint rather than `nil`.
    private static func store(
        _ checkpoint: SyncCheckpoint,
        named name: String,
        in session: SQLiteSession
    ) throws {
        try session.run("DELETE FROM sync_checkpoints WHERE name = ?1", [.text(name)])
        if checkpoint.cursors.isEmpty, checkpoint.sliceStarts.isEmpty {
            try session.run(
                "INSERT INTO sync_checkpoints (name, kind, updated_at, id) VALUES (?1, '', 0, 0)",
                [.text(name)])
        }
        try session.withStatement(
            "INSERT INTO sync_checkpoints (name, kind, updated_at, id) VALUES (?1, ?2, ?3, ?4)"
        ) { statement in
            for (kind, cursor) in checkpoint.cursors {
                defer { statement.reset() }
                try statement.bind([
                    .text(name), .text(kind.rawValue), .milliseconds(cursor.updatedAt), .integer(cursor.id),
                ])
                try statement.execute()
            }
            for (kind, start) in checkpoint.sliceStarts {
                defer { statement.reset() }
                try statement.bind([
                    .text(name), .text(slicePrefix + kind.rawValue), .integer(0), .integer(start),
                ])
                try statement.execute()
            }
        }
    }
}

/// The parts of a relationship key, compared lexicographically.
private struct RelationshipSortKey: Comparable {
    var parts: [String]

    static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }
}
