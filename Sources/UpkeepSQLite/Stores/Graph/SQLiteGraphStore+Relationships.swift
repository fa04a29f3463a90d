import Foundation
import Upkeep

extension SQLiteGraphStore {
    /// Creates relationships that do not exist and updates the properties of those that do, in
    /// one transaction.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` naming an invalid type, or
    ///   `notFound` naming the first missing endpoint; nothing is written then.
    public func upsertRelationships(_ relationships: [Relationship]) async throws {
        guard !relationships.isEmpty else { return }
        try await access.write("upsertRelationships") { session in
            try GraphRows.validate(relationships, operation: "upsertRelationships", in: session)
            try GraphRows.upsert(relationships, in: session)
        }
    }

    /// The relationships with the given keys that exist, in key order.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or stored properties cannot be decoded.
    public func relationships(_ keys: [RelationshipKey]) async throws -> [Relationship] {
        let keys = Set(keys).sorted()
        guard !keys.isEmpty else { return [] }
        return try await access.read("relationships") { session in
            try session.withStatement(
                "SELECT \(GraphRows.relationshipColumns) FROM \(GraphRows.relationshipTables) WHERE r.uid = ?1"
            ) { statement in
                try keys.compactMap { key in
                    defer { statement.reset() }
                    try statement.bind(GraphRows.uid(key), at: 1)
                    return try statement.step() ? GraphRows.relationship(statement.row) : nil
                }
            }
        }
    }

    /// A page of relationships whose weight was last written before `updatedBefore`, in key
    /// order after `after`.
    ///
    /// The page walks the `uid` primary key from `after`, joins each row's weights by id and
    /// skips fresh rows, so a whole pass reads each row once, O(n log n) in all, whatever share
    /// of the graph is stale. The relationships job does not use this on SQLite: it runs
    /// ``updateWeights(_:after:limit:)``, which walks the weights table alone.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or stored properties cannot be decoded.
    public func staleRelationships(
        updatedBefore: Date,
        after: RelationshipKey?,
        limit: Int
    ) async throws -> [Relationship] {
        guard limit > 0 else { return [] }
        let before = updatedBefore.epochMillisecondsRoundedUp
        let start = after.map(GraphRows.uid) ?? ""
        return try await access.read("staleRelationships") { session in
            var page: [Relationship] = []
            page.reserveCapacity(min(limit, 4_096))
            try session.withStatement(
                """
                SELECT \(GraphRows.relationshipColumns) FROM \(GraphRows.relationshipTables)
                WHERE r.uid > ?1 AND w.updated_at < ?2 ORDER BY r.uid LIMIT ?3
                """
            ) { statement in
                try statement.bind(start, at: 1)
                try statement.bind(before, at: 2)
                try statement.bind(Int64(limit), at: 3)
                while try statement.step() {
                    page.append(try GraphRows.relationship(statement.row))
                }
            }
            return page
        }
    }

    /// Relationships that start or end at any of `nodes` with weight at least `minimumWeight`,
    /// in key order; two index probes per node, and one weights lookup per relationship found.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or stored properties cannot be decoded.
    public func relationships(touching nodes: [NodeKey], minimumWeight: Double) async throws -> [Relationship] {
        let nodes = Array(Set(nodes))
        guard !nodes.isEmpty else { return [] }
        return try await access.read("relationships(touching:)") { session in
            var found: [String: Relationship] = [:]
            for node in nodes {
                for side in ["from", "to"] {
                    let sql = """
                        SELECT \(GraphRows.relationshipColumns) FROM \(GraphRows.relationshipTables)
                        WHERE r.\(side)_label = ?1 AND r.\(side)_id = ?2 AND w.weight >= ?3
                        """
                    let values: [SQLiteValue] = [.text(node.label.rawValue), .text(node.id), .real(minimumWeight)]
                    try session.withStatement(sql) { statement in
                        try statement.bind(values)
                        while try statement.step() {
                            let relationship = try GraphRows.relationship(statement.row)
                            found[relationship.key.description] = relationship
                        }
                    }
                }
            }
            return found.keys.sorted().compactMap { found[$0] }
        }
    }

    /// Writes new weights in one transaction with one reused UPDATE of the weights row whose id
    /// the `uid` names, then lists or unlists it in `weak_relationships`: three O(log n) lookups
    /// per write and no round trip between them. Writes for missing relationships are ignored.
    ///
    /// - Returns: How many relationships were updated.
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails; nothing is written then.
    public func writeWeights(_ writes: [WeightWrite]) async throws -> Int {
        guard !writes.isEmpty else { return 0 }
        return try await access.write("writeWeights") { session in
            try session.withStatement(
                """
                UPDATE relationship_weights SET weight = ?1, updated_at = ?2,
                    boosted_through = coalesce(?3, boosted_through),
                    last_interaction_at = coalesce(?4, last_interaction_at)
                WHERE id = (SELECT id FROM relationships WHERE uid = ?5)
                """
            ) { statement in
                var updated = 0
                for write in writes {
                    defer { statement.reset() }
                    try statement.bind(write.weight, at: 1)
                    try statement.bind(write.updatedAt.epochMilliseconds, at: 2)
                    try statement.bind(.milliseconds(write.boostedThrough), at: 3)
                    try statement.bind(.milliseconds(write.lastInteractionAt), at: 4)
                    let uid = GraphRows.uid(write.key)
                    try statement.bind(uid, at: 5)
                    try statement.execute()
                    guard session.changes > 0 else { continue }
                    updated += 1
                    try GraphRows.noteWeight(write.weight, uid: uid, in: session)
                }
                return updated
            }
        }
    }

    /// A page of relationships with weight below `weightBelow`, inactive since `inactiveSince`
    /// (latest interaction, or creation when there is none), in key order after `after`.
    ///
    /// When `weightBelow` is at most 0.1 the page walks `weak_relationships` (the `uid`s of
    /// edges under 0.1, kept by triggers) from `after` and looks up each one's weights: a whole
    /// scan costs O(w log n) for w weak edges. Above 0.1 it walks every relationship in `uid`
    /// order instead, O(n log n) per scan.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func weakRelationships(
        weightBelow: Double,
        inactiveSince: Date,
        after: RelationshipKey?,
        limit: Int
    ) async throws -> [RelationshipKey] {
        guard limit > 0 else { return [] }
        let (candidates, key) =
            weightBelow <= 0.1
            ? ("weak_relationships AS k CROSS JOIN relationships AS r ON r.uid = k.uid", "k.uid")
            : ("relationships AS r", "r.uid")
        let values: [SQLiteValue] = [
            .real(weightBelow), .integer(inactiveSince.epochMillisecondsRoundedUp),
            .text(after.map(GraphRows.uid) ?? ""), .integer(Int64(limit)),
        ]
        return try await access.read("weakRelationships") { session in
            try session.query(
                """
                SELECT \(GraphRows.relationshipColumns)
                FROM \(candidates) CROSS JOIN relationship_weights AS w ON w.id = r.id
                WHERE w.weight < ?1 AND max(w.created_at, coalesce(w.last_interaction_at, w.created_at)) < ?2
                  AND \(key) > ?3
                ORDER BY \(key) LIMIT ?4
                """,
                values, GraphRows.relationshipKey
            )
        }
    }

    /// Deletes relationships in one transaction; returns how many existed.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func deleteRelationships(_ keys: [RelationshipKey]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await access.write("deleteRelationships") { session in try GraphRows.delete(keys, in: session) }
    }
}
