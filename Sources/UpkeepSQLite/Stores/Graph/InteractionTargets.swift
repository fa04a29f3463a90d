import Upkeep

/// The integer ids of `interaction_targets` rows, found or created within one write
/// transaction and remembered for the rest of the batch.
///
/// Relationships and interactions name the node interactions count for by this id, so the
/// weight pass compares integers instead of text keys. Run only on the writer, inside the
/// caller's transaction. Target rows are never deleted: like interactions, they outlive the
/// node, so a node deleted and created again keeps its id and its interactions still count.
struct InteractionTargets {
    private var known: [NodeKey: Int64] = [:]

    /// The id of `node`'s target row, created when the node has none: one indexed lookup, plus
    /// one INSERT the first time a node is seen.
    ///
    /// - Throws: ``SQLiteError`` when SQLite fails; ``Upkeep/StoreError`` with code `corrupt` when
    ///   the INSERT returns no id.
    mutating func id(of node: NodeKey, in session: SQLiteSession) throws -> Int64 {
        if let id = known[node] { return id }
        let values: [SQLiteValue] = [.text(node.label.rawValue), .text(node.id)]
        let existing = try session.first(
            "SELECT id FROM interaction_targets WHERE label = ?1 AND node_id = ?2", values
        ) { $0.int64(0) }
        let id =
            try existing
            ?? session.first(
                "INSERT INTO interaction_targets (label, node_id) VALUES (?1, ?2) RETURNING id", values
            ) { $0.int64(0) }
        guard let id else {
            throw StoreError.corrupt(.graph, "interaction target", "no id returned for target \(node)")
        }
        known[node] = id
        return id
    }
}
