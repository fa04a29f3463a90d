import Foundation
import Upkeep

extension SQLiteGraphStore {
    /// Creation times of the items with one of `labels` owned by each user, each user's items in
    /// key order, for users that own any; one `nodes_by_owner` probe per user.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func ownedItems(by users: [NodeKey], labels: Set<NodeLabel>) async throws -> [NodeKey: [OwnedItem]] {
        let users = Array(Set(users))
        guard !users.isEmpty, !labels.isEmpty else { return [:] }
        return try await access.read("ownedItems") { session in
            var owned: [NodeKey: [OwnedItem]] = [:]
            for user in users {
                let items = try session.query(
                    "SELECT label, id, created_at FROM nodes WHERE owner = ?1 ORDER BY label, id",
                    [.text(user.description)]
                ) { row in
                    OwnedItem(key: NodeKey(NodeLabel(row.text(0)), row.text(1)), owner: user, createdAt: row.date(2))
                }
                let matching = items.filter { labels.contains($0.key.label) }
                if !matching.isEmpty { owned[user] = matching }
            }
            return owned
        }
    }

    /// Items with one of `labels` created in `[start, end)`, in key order after `after`.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func itemsCreated(
        from start: Date,
        to end: Date,
        labels: Set<NodeLabel>,
        after: NodeKey?,
        limit: Int
    ) async throws -> [OwnedItem] {
        guard limit > 0 else { return [] }
        let from = start.epochMillisecondsRoundedUp
        let to = end.epochMillisecondsRoundedUp
        return try await access.read("itemsCreated") { session in
            try GraphRows.walk(labels: labels, after: after, limit: limit) { label, bound, remaining in
                try session.query(
                    """
                    SELECT id, owner, created_at FROM nodes
                    WHERE label = ?1 AND id \(bound.comparison) ?2 AND created_at >= ?3 AND created_at < ?4
                    ORDER BY id LIMIT ?5
                    """,
                    [.text(label.rawValue), .text(bound.id), .integer(from), .integer(to), .integer(Int64(remaining))]
                ) { row in
                    OwnedItem(
                        key: NodeKey(label, row.text(0)),
                        owner: row.optionalText(1).flatMap(NodeKey.init(parsing:)),
                        createdAt: row.date(2)
                    )
                }
            }
        }
    }

    /// Count and checksum of `(id, updatedAt)` over non-placeholder nodes of `label` whose id is
    /// an integer in `ids`, read through `nodes_by_int_id`; O(log n + k).
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func digest(label: NodeLabel, ids: ClosedRange<Int64>) async throws -> ConsistencyDigest {
        try await access.read("digest") { session in
            try session.withStatement(
                """
                SELECT int_id, updated_at FROM nodes
                WHERE label = ?1 AND int_id IS NOT NULL AND int_id BETWEEN ?2 AND ?3 AND placeholder = 0
                """
            ) { statement in
                try statement.bind([.text(label.rawValue), .integer(ids.lowerBound), .integer(ids.upperBound)])
                var digest = ConsistencyDigest.empty
                while try statement.step() {
                    digest.add(id: statement.row.int64(0), updatedAt: statement.row.date(1))
                }
                return digest
            }
        }
    }

    /// How many nodes (per label) and relationships the graph holds; O(n).
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func counts() async throws -> GraphCounts {
        try await access.read("counts") { session in
            let labels = try session.query("SELECT label, count(*) FROM nodes GROUP BY label") { row in
                (NodeLabel(row.text(0)), Int(row.int64(1)))
            }
            let relationships = try session.first("SELECT count(*) FROM relationships") { Int($0.int64(0)) } ?? 0
            return GraphCounts(nodesByLabel: Dictionary(uniqueKeysWithValues: labels), relationships: relationships)
        }
    }
}
