import Foundation
import Upkeep

extension SQLiteGraphStore {
    /// The name ``applySyncBatch(_:checkpoint:)`` stores its checkpoint under: ``Upkeep/JobName/sync``.
    public static let syncCheckpointName = JobName.sync.rawValue

    /// Applies a sync batch and stores `checkpoint` under ``syncCheckpointName`` in ONE
    /// transaction: after a crash either both are in the file or neither is.
    ///
    /// The parts run in the documented order (upsert nodes, delete nodes, upsert relationships,
    /// delete relationships), so an endpoint is checked as it is after the node steps.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` or `notFound` as the upsert
    ///   methods do; nothing is written then.
    public func applySyncBatch(_ batch: GraphSyncBatch, checkpoint: SyncCheckpoint) async throws {
        try GraphRows.validate(batch.upsertNodes, operation: "applySyncBatch")
        try await access.write("applySyncBatch") { session in
            try GraphRows.upsert(batch.upsertNodes, in: session)
            _ = try GraphRows.delete(batch.deleteNodes, in: session)
            try GraphRows.validate(batch.upsertRelationships, operation: "applySyncBatch", in: session)
            try GraphRows.upsert(batch.upsertRelationships, in: session)
            _ = try GraphRows.delete(batch.deleteRelationships, in: session)
            try Self.store(checkpoint, named: Self.syncCheckpointName, in: session)
        }
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
            let cursors = rows.filter { $0.0 != Self.markerKind }
            return SyncCheckpoint(cursors: Dictionary(cursors) { _, last in last })
        }
    }

    /// The kind of the row that marks a stored checkpoint with no cursors; no record kind is empty.
    private static let markerKind = RecordKind("")

    /// Replaces the cursors stored under `name`. A checkpoint with no cursors is stored as one
    /// marker row, so it still reads back as an (empty) checkpoint rather than `nil`.
    private static func store(_ checkpoint: SyncCheckpoint, named name: String, in session: SQLiteSession) throws {
        try session.run("DELETE FROM sync_checkpoints WHERE name = ?1", [.text(name)])
        if checkpoint.cursors.isEmpty {
            try session.run(
                "INSERT INTO sync_checkpoints (name, kind, updated_at, id) VALUES (?1, '', 0, 0)", [.text(name)]
            )
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
        }
    }
}
