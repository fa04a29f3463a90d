import Foundation
import Upkeep
import UpkeepSQLite

extension SeedBaseline {
    /// An edge as the SQLite baseline reads it: the integer ids SQLite knows it by, as the seed
    /// read Neo4j's internal ids.
    struct SQLiteEdge: Sendable {
        var id: Int64
        var target: Int64
        var weight: Double
        var createdAt: Int64
    }

    /// Runs the seed's per-edge loop over the first `sample` edges of an SQLite graph with real
    /// per-row statements.
    ///
    /// Each edge costs one `SELECT count(*) FROM interactions WHERE target = ? AND
    /// occurred_at > ?` on the reader and one `UPDATE relationship_weights … WHERE id = ?` on the
    /// writer (where schema version 2 keeps the weight), each its own
    /// ``SQLiteConnection/withSession(_:_:)`` call and so its own queue hop and autocommit
    /// transaction: the seed's two round trips per edge (`WHERE id(n) = $nodeId`,
    /// `WHERE id(r) = $relId`), with SQLite's per-call cost instead of a network's. Statements
    /// are prepared once and reused, as a driver with parameterised queries would. Reading the
    /// edges is part of the measured work.
    ///
    /// - Returns: How many edges were updated.
    static func run(on database: SQLiteDatabase, sample: Int, now: Date) async throws -> Int {
        let edges = try await database.reader.withSession("seed.read") { session in
            try session.query(
                "SELECT id, target, weight, created_at FROM relationship_weights ORDER BY id LIMIT ?1",
                [.integer(Int64(sample))]
            ) { row in
                SQLiteEdge(id: row.int64(0), target: row.int64(1), weight: row.double(2), createdAt: row.int64(3))
            }
        }
        let start = windowStart(now: now).epochMilliseconds
        let nowMillis = now.epochMilliseconds

        var updated = 0
        for edge in edges {
            let count = try await database.reader.withSession("seed.count") { session in
                try session.first(
                    "SELECT count(*) FROM interactions WHERE target = ?1 AND occurred_at > ?2",
                    [.integer(edge.target), .integer(start)]
                ) { Int($0.int64(0)) } ?? 0
            }
            let weight = weight(stored: edge.weight, createdAt: edge.createdAt, interactions: count, now: now)
            updated += try await database.writer.withSession("seed.update") { session in
                try session.run(
                    "UPDATE relationship_weights SET weight = ?1, updated_at = ?2 WHERE id = ?3",
                    [.real(weight), .integer(nowMillis), .integer(edge.id)])
            }
        }
        return updated
    }
}
