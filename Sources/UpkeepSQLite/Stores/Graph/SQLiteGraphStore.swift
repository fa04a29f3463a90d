import Foundation
import Upkeep

/// A ``Upkeep/GraphStore`` on SQLite: nodes, relationships, interactions and sync checkpoints in
/// one file.
///
/// Nodes are keyed by `(label, id)` and relationships by their `uid` text in `WITHOUT ROWID`
/// tables, so every keyset page is a range walk of a primary key: O(log n + limit). A
/// relationship's weight fields live in the narrow `relationship_weights` table keyed by an
/// integer id, which the store's own weight pass (``updateWeights(_:after:limit:)``) walks in id
/// order. A batch is one hop to the connection's queue and one transaction, with one prepared
/// statement reused for every item, never a round trip per item. Get a store from
/// ``SQLiteDatabase/graph``.
public final class SQLiteGraphStore: Sendable {
    let access: SQLiteStoreAccess

    init(access: SQLiteStoreAccess) {
        self.access = access
    }
}

// MARK: - Nodes

extension SQLiteGraphStore: GraphStore {
    /// Creates or replaces nodes, keyed by ``Upkeep/Node/key``, in one transaction.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` naming the first invalid label;
    ///   nothing is written then.
    public func upsertNodes(_ nodes: [Node]) async throws {
        guard !nodes.isEmpty else { return }
        try GraphRows.validate(nodes, operation: "upsertNodes")
        try await access.write("upsertNodes") { session in try GraphRows.upsert(nodes, in: session) }
    }

    /// The nodes with the given keys that exist, in key order.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or stored properties cannot be decoded.
    public func nodes(_ keys: [NodeKey]) async throws -> [Node] {
        let keys = Set(keys).sorted()
        guard !keys.isEmpty else { return [] }
        return try await access.read("nodes") { session in
            try session.withStatement("SELECT \(GraphRows.nodeColumns) FROM nodes WHERE label = ?1 AND id = ?2") {
                statement in
                try keys.compactMap { key in
                    defer { statement.reset() }
                    try statement.bind(key.label.rawValue, at: 1)
                    try statement.bind(key.id, at: 2)
                    return try statement.step() ? GraphRows.node(statement.row) : nil
                }
            }
        }
    }

    /// A page of nodes with one of `labels`, in key order after `after`; O(log n + limit).
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or stored properties cannot be decoded.
    public func scanNodes(labels: Set<NodeLabel>, after: NodeKey?, limit: Int) async throws -> [Node] {
        guard limit > 0 else { return [] }
        return try await access.read("scanNodes") { session in
            try GraphRows.walk(labels: labels, after: after, limit: limit) { label, bound, remaining in
                try session.query(
                    """
                    SELECT \(GraphRows.nodeColumns) FROM nodes
                    WHERE label = ?1 AND id \(bound.comparison) ?2 ORDER BY id LIMIT ?3
                    """,
                    [.text(label.rawValue), .text(bound.id), .integer(Int64(remaining))], GraphRows.node
                )
            }
        }
    }

    /// Deletes nodes and every relationship that touches them; returns how many nodes existed.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func deleteNodes(_ keys: [NodeKey]) async throws -> Int {
        let keys = Array(Set(keys))
        guard !keys.isEmpty else { return 0 }
        return try await access.write("deleteNodes") { session in try GraphRows.delete(keys, in: session) }
    }

    /// A page of nodes with one of `labels`, created before `createdBefore`, without any
    /// relationship, in key order after `after`.
    ///
    /// Each candidate costs two index probes (`relationships_by_from`, `relationships_by_to`).
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func orphanNodes(
        labels: Set<NodeLabel>,
        createdBefore: Date,
        after: NodeKey?,
        limit: Int
    ) async throws -> [NodeKey] {
        guard limit > 0 else { return [] }
        let before = createdBefore.epochMillisecondsRoundedUp
        return try await access.read("orphanNodes") { session in
            try GraphRows.walk(labels: labels, after: after, limit: limit) { label, bound, remaining in
                try session.query(
                    """
                    SELECT id FROM nodes AS n
                    WHERE label = ?1 AND id \(bound.comparison) ?2 AND created_at < ?3
                      AND NOT EXISTS (SELECT 1 FROM relationships WHERE from_label = n.label AND from_id = n.id)
                      AND NOT EXISTS (SELECT 1 FROM relationships WHERE to_label = n.label AND to_id = n.id)
                    ORDER BY id LIMIT ?4
                    """,
                    [.text(label.rawValue), .text(bound.id), .integer(before), .integer(Int64(remaining))]
                ) { NodeKey(label, $0.text(0)) }
            }
        }
    }

    /// Nodes with one of `labels` whose `title` contains `text` ignoring case (an empty `text`
    /// matches every titled node), at most `limit` of them in key order.
    ///
    /// Case folding follows Foundation (`String.range(of:options:.caseInsensitive)`), not SQLite's
    /// ASCII-only rules; an ASCII `text` is first narrowed down by `LIKE` inside SQLite, so only
    /// candidate rows are decoded. Still O(titled nodes) per call: there is no full-text index.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails or stored properties cannot be decoded.
    public func searchNodes(text: String, labels: Set<NodeLabel>, limit: Int) async throws -> [Node] {
        guard limit > 0 else { return [] }
        // An ASCII needle is prefiltered by SQLite's LIKE, which ignores ASCII case, so only rows
        // that can match reach Swift; Swift's Unicode-aware comparison still has the last word.
        // Other needles (and matches that need Unicode case folding, like "SS" for "ß") are
        // compared in Swift only, which reads every titled node of the label.
        let pattern = text.allSatisfy(\.isASCII) ? "%" + Self.escapedForLike(text) + "%" : "%"
        return try await access.read("searchNodes") { session in
            var found: [Node] = []
            for label in labels.sorted() where found.count < limit {
                try session.withStatement(
                    """
                    SELECT \(GraphRows.nodeColumns), title FROM nodes
                    WHERE label = ?1 AND title IS NOT NULL AND title LIKE ?2 ESCAPE '\\' ORDER BY id
                    """
                ) { statement in
                    try statement.bind(label.rawValue, at: 1)
                    try statement.bind(pattern, at: 2)
                    while found.count < limit, try statement.step() {
                        let title = statement.row.text(5)
                        guard text.isEmpty || title.range(of: text, options: .caseInsensitive) != nil else { continue }
                        found.append(try GraphRows.node(statement.row))
                    }
                }
            }
            return found
        }
    }

    /// `text` with LIKE's wildcards `%` and `_` and the escape character escaped.
    static func escapedForLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
