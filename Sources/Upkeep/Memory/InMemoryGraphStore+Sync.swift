import Foundation

extension InMemoryGraphStore.State {
    /// Checks the whole batch, then applies it in the documented order and stores the checkpoint.
    ///
    /// An endpoint is checked as it will be after the node steps: it exists now or is upserted by
    /// the batch, and the batch does not delete it. Nothing is written when a check fails.
    mutating func apply(_ batch: GraphSyncBatch, checkpoint: SyncCheckpoint, name: String) throws {
        try Self.validate(nodes: batch.upsertNodes, operation: "applySyncBatch")
        let upserted = Set(batch.upsertNodes.map(\.key))
        let deleted = Set(batch.deleteNodes)
        let nodes = self.nodes
        try validate(relationships: batch.upsertRelationships, operation: "applySyncBatch") { key in
            (nodes[key] != nil || upserted.contains(key)) && !deleted.contains(key)
        }

        upsert(nodes: batch.upsertNodes)
        _ = delete(nodes: batch.deleteNodes)
        upsert(relationships: batch.upsertRelationships)
        _ = delete(relationships: batch.deleteRelationships)
        checkpoints[name] = Self.truncated(checkpoint)
    }

    private static func truncated(_ checkpoint: SyncCheckpoint) -> SyncCheckpoint {
        SyncCheckpoint(
            cursors: checkpoint.cursors.mapValues {
                SyncCursor(updatedAt: $0.updatedAt.truncatedToMilliseconds, id: $0.id)
            },
            sliceStarts: checkpoint.sliceStarts)
    }
}
