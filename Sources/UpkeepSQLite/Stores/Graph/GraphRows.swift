import Foundation
import Upkeep

/// The graph tables' row mapping and the writes shared by the single-purpose methods and
/// ``SQLiteGraphStore/applySyncBatch(_:checkpoint:)``. Every function runs inside the caller's
/// transaction, on the connection's queue.
enum GraphRows {
    /// The columns ``node(_:)`` reads, in order.
    static let nodeColumns = "label, id, properties, created_at, updated_at"

    /// The columns ``relationship(_:)`` reads, in order, from ``relationshipTables``.
    static let relationshipColumns = """
        r.type, r.from_label, r.from_id, r.to_label, r.to_id, w.weight, w.created_at, w.updated_at, \
        w.last_interaction_at, w.boosted_through, r.properties
        """

    /// A relationship's key row (`r`) joined with its weights row (`w`), for a `FROM` clause.
    static let relationshipTables = "relationships AS r JOIN relationship_weights AS w ON w.id = r.id"

    /// Where a keyset page of one label starts: strictly after an id, or at the first id.
    struct Bound {
        /// `>` after a cursor, `>=` from the start (with ``id`` empty, the smallest text).
        var comparison: String
        /// The id to compare with.
        var id: String
    }

    // MARK: - Reading rows

    /// A node from a row of ``nodeColumns``.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `corrupt` when the properties cannot be decoded.
    static func node(_ row: SQLiteRow) throws -> Node {
        let key = NodeKey(NodeLabel(row.text(0)), row.text(1))
        let properties: Properties
        do {
            properties = try PropertyJSON.decode(row.optionalText(2))
        } catch {
            throw StoreError.corrupt(.graph, "read node", "node \(key): \(error)")
        }
        return Node(key: key, properties: properties, createdAt: row.date(3), updatedAt: row.date(4))
    }

    /// A relationship from a row of ``relationshipColumns``; a NULL weight (how SQLite stores
    /// NaN) reads as NaN.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `corrupt` when the properties cannot be decoded.
    static func relationship(_ row: SQLiteRow) throws -> Relationship {
        let key = relationshipKey(row)
        var properties: Properties = [:]
        if !row.isNull(10) {
            do {
                properties = try PropertyJSON.decode(row.text(10))
            } catch {
                throw StoreError.corrupt(.graph, "read relationship", "relationship \(key): \(error)")
            }
        }
        return Relationship(
            key: key,
            weight: row.isNull(5) ? .nan : row.double(5),
            createdAt: row.date(6),
            updatedAt: row.date(7),
            lastInteractionAt: row.optionalDate(8),
            boostedThrough: row.optionalDate(9),
            properties: properties
        )
    }

    /// The key from the first five columns of ``relationshipColumns``.
    static func relationshipKey(_ row: SQLiteRow) -> RelationshipKey {
        RelationshipKey(
            RelationshipType(row.text(0)),
            from: NodeKey(NodeLabel(row.text(1)), row.text(2)),
            to: NodeKey(NodeLabel(row.text(3)), row.text(4))
        )
    }

    /// The relationship's `uid`, equal to ``Upkeep/RelationshipKey/description``
    /// (`TYPE|From:id|To:id`) but built with one allocation, because the weight pass builds one
    /// per edge.
    static func uid(_ key: RelationshipKey) -> String {
        let (type, from, to) = (key.type.rawValue, key.from, key.to)
        var uid = ""
        uid.reserveCapacity(
            type.utf8.count + from.label.rawValue.utf8.count + from.id.utf8.count
                + to.label.rawValue.utf8.count + to.id.utf8.count + 4
        )
        uid += type
        uid += "|"
        uid += from.label.rawValue
        uid += ":"
        uid += from.id
        uid += "|"
        uid += to.label.rawValue
        uid += ":"
        uid += to.id
        return uid
    }

    // MARK: - Keyset walks

    /// Collects up to `limit` items over `labels` in key order after `after`, asking `page` for
    /// each label's share: labels in order, each from its bound.
    static func walk<T>(
        labels: Set<NodeLabel>,
        after: NodeKey?,
        limit: Int,
        _ page: (NodeLabel, Bound, Int) throws -> [T]
    ) rethrows -> [T] {
        var found: [T] = []
        for label in labels.sorted() where found.count < limit {
            if let after, label < after.label { continue }
            let bound =
                after.flatMap { $0.label == label ? Bound(comparison: ">", id: $0.id) : nil }
                ?? Bound(comparison: ">=", id: "")
            found += try page(label, bound, limit - found.count)
        }
        return found
    }

    // MARK: - Node writes

    /// Throws when a node's label is not a valid identifier.
    static func validate(_ nodes: [Node], operation: String) throws {
        for node in nodes where !node.key.label.isValid {
            throw StoreError(
                .invalidInput, store: .graph, operation: operation,
                message: "node \(node.key) has an invalid label '\(node.key.label.rawValue)'"
            )
        }
    }

    /// Inserts or replaces nodes with one reused statement.
    static func upsert(_ nodes: [Node], in session: SQLiteSession) throws {
        try session.withStatement(upsertNodeSQL) { statement in
            for node in nodes {
                defer { statement.reset() }
                try statement.bind(nodeValues(node))
                try statement.execute()
            }
        }
    }

    /// Inserts a node or replaces every column of it, from the parameters ``nodeValues(_:)``
    /// gives.
    static let upsertNodeSQL = """
        INSERT INTO nodes (label, id, properties, title, owner, placeholder, int_id, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        ON CONFLICT (label, id) DO UPDATE SET
            properties = excluded.properties, title = excluded.title, owner = excluded.owner,
            placeholder = excluded.placeholder, int_id = excluded.int_id,
            created_at = excluded.created_at, updated_at = excluded.updated_at
        """

    /// A node's column values as parameters `?1`–`?9`: label, id, properties, title, owner,
    /// placeholder, int_id, created_at, updated_at.
    static func nodeValues(_ node: Node) -> [SQLiteValue] {
        let properties = node.properties
        return [
            .text(node.key.label.rawValue), .text(node.key.id),
            .optionalText(PropertyJSON.encode(properties)),
            .optionalText(properties[Node.Property.title]?.stringValue),
            .optionalText(properties[Node.Property.owner]?.stringValue),
            .integer(properties[Node.Property.placeholder] == .bool(true) ? 1 : 0),
            .optionalInteger(Int64(node.key.id)),
            .milliseconds(node.createdAt), .milliseconds(node.updatedAt),
        ]
    }

    /// Deletes nodes and their relationships (whose weights rows the trigger
    /// `relationships_delete_weights` deletes); returns how many nodes existed.
    static func delete(_ keys: [NodeKey], in session: SQLiteSession) throws -> Int {
        var deleted = 0
        for key in keys {
            let values: [SQLiteValue] = [.text(key.label.rawValue), .text(key.id)]
            try session.run("DELETE FROM relationships WHERE from_label = ?1 AND from_id = ?2", values)
            try session.run("DELETE FROM relationships WHERE to_label = ?1 AND to_id = ?2", values)
            deleted += try session.run("DELETE FROM nodes WHERE label = ?1 AND id = ?2", values)
        }
        return deleted
    }

    // MARK: - Relationship writes

    /// Throws when a relationship's type is invalid or an endpoint does not exist, checking in
    /// order so the error names the first missing endpoint.
    static func validate(
        _ relationships: [Relationship],
        operation: String,
        in session: SQLiteSession
    ) throws {
        try session.withStatement("SELECT 1 FROM nodes WHERE label = ?1 AND id = ?2") { statement in
            for relationship in relationships {
                let key = relationship.key
                guard key.type.isValid else {
                    throw StoreError(
                        .invalidInput, store: .graph, operation: operation,
                        message: "relationship \(key) has an invalid type '\(key.type.rawValue)'"
                    )
                }
                for endpoint in [key.from, key.to] {
                    defer { statement.reset() }
                    try statement.bind(endpoint.label.rawValue, at: 1)
                    try statement.bind(endpoint.id, at: 2)
                    guard try statement.step() else {
                        throw StoreError(
                            .notFound, store: .graph, operation: operation,
                            message: "endpoint \(endpoint) of relationship \(key) does not exist"
                        )
                    }
                }
            }
        }
    }

    /// Inserts new relationships and replaces only the properties of existing ones.
    ///
    /// An existing relationship costs one UPDATE by `uid`; a new one also finds or creates its
    /// target's `interaction_targets` row and inserts its weights row, whose id the key row
    /// points at.
    static func upsert(_ relationships: [Relationship], in session: SQLiteSession) throws {
        var targets = InteractionTargets()
        try session.withStatement("UPDATE relationships SET properties = ?1 WHERE uid = ?2") { update in
            for relationship in relationships {
                defer { update.reset() }
                let uid = uid(relationship.key)
                let properties = PropertyJSON.encode(relationship.properties)
                try update.bind(.optionalText(properties), at: 1)
                try update.bind(uid, at: 2)
                try update.execute()
                guard session.changes == 0 else { continue }

                let target = try targets.id(of: relationship.key.to, in: session)
                let id = try insertWeights(relationship, target: target, in: session)
                try insertKey(relationship.key, uid: uid, id: id, properties: properties, in: session)
                if relationship.weight < weakThreshold {
                    try noteWeight(relationship.weight, uid: uid, in: session)
                }
            }
        }
    }

    /// Inserts a new relationship's weights row; returns its id.
    private static func insertWeights(
        _ relationship: Relationship,
        target: Int64,
        in session: SQLiteSession
    ) throws -> Int64 {
        let key = relationship.key
        let user = NodeLabel.user
        let values: [SQLiteValue] = [
            .integer(target), .real(relationship.weight),
            .milliseconds(relationship.createdAt), .milliseconds(relationship.updatedAt),
            .milliseconds(relationship.lastInteractionAt), .milliseconds(relationship.boostedThrough),
            .optionalText(key.from.label == user ? key.from.id : nil),
            .optionalText(key.to.label == user ? key.to.id : nil),
        ]
        let id = try session.first(
            """
            INSERT INTO relationship_weights (target, weight, created_at, updated_at, last_interaction_at,
                boosted_through, from_user, to_user)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id
            """,
            values
        ) { $0.int64(0) }
        guard let id else {
            throw StoreError.corrupt(.graph, "upsertRelationships", "no id returned for relationship \(key)")
        }
        return id
    }

    /// Inserts a new relationship's key row, pointing at weights row `id`.
    private static func insertKey(
        _ key: RelationshipKey,
        uid: String,
        id: Int64,
        properties: String?,
        in session: SQLiteSession
    ) throws {
        try session.run(
            """
            INSERT INTO relationships (uid, id, type, from_label, from_id, to_label, to_id, properties)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """,
            [
                .text(uid), .integer(id), .text(key.type.rawValue),
                .text(key.from.label.rawValue), .text(key.from.id),
                .text(key.to.label.rawValue), .text(key.to.id), .optionalText(properties),
            ])
    }

    // MARK: - Weak relationships

    /// Weights under this are weak: their relationships are listed in `weak_relationships`.
    static let weakThreshold = 0.1

    /// Lists or unlists relationship `uid` in `weak_relationships` after its weight was written
    /// as `weight`; a NaN weight is not weak.
    static func noteWeight(_ weight: Double, uid: String, in session: SQLiteSession) throws {
        let sql =
            weight < weakThreshold
            ? "INSERT OR IGNORE INTO weak_relationships (uid) VALUES (?1)"
            : "DELETE FROM weak_relationships WHERE uid = ?1"
        try session.run(sql, [.text(uid)])
    }

    /// Lists (`weak`) or unlists the relationship whose weights row is `id` in
    /// `weak_relationships`, for a writer that knows the id but not the `uid`.
    static func setWeak(_ weak: Bool, id: Int64, in session: SQLiteSession) throws {
        let sql =
            weak
            ? "INSERT OR IGNORE INTO weak_relationships (uid) SELECT uid FROM relationships WHERE id = ?1"
            : "DELETE FROM weak_relationships WHERE uid = (SELECT uid FROM relationships WHERE id = ?1)"
        try session.run(sql, [.integer(id)])
    }

    /// Deletes relationships by key; returns how many existed. The trigger
    /// `relationships_delete_weights` deletes their weights rows.
    static func delete(_ keys: [RelationshipKey], in session: SQLiteSession) throws -> Int {
        try session.withStatement("DELETE FROM relationships WHERE uid = ?1") { statement in
            var deleted = 0
            for key in Set(keys) {
                defer { statement.reset() }
                try statement.bind(uid(key), at: 1)
                try statement.execute()
                deleted += session.changes
            }
            return deleted
        }
    }
}
