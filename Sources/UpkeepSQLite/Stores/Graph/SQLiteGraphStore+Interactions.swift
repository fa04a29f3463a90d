import Foundation
import Upkeep

extension SQLiteGraphStore {
    /// Records interactions in one transaction; an id already recorded is ignored.
    ///
    /// Each target node's `interaction_targets` id is found (or created) once per batch; the
    /// trigger `interactions_latest` keeps the target's `latest_at` up to date.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` naming an interaction whose user
    ///   or target has an invalid label; nothing is recorded then.
    public func recordInteractions(_ interactions: [Interaction]) async throws {
        guard !interactions.isEmpty else { return }
        for interaction in interactions {
            for key in [interaction.user, interaction.target] where !key.label.isValid {
                throw StoreError(
                    .invalidInput, store: .graph, operation: "recordInteractions",
                    message: "interaction \(interaction.id) names \(key) with an invalid label '\(key.label.rawValue)'"
                )
            }
        }

        try await access.write("recordInteractions") { session in
            var targets = InteractionTargets()
            try session.withStatement(
                """
                INSERT INTO interactions (id, user_label, user_id, target, kind, occurred_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING
                """
            ) { statement in
                for interaction in interactions {
                    let target = try targets.id(of: interaction.target, in: session)
                    defer { statement.reset() }
                    try statement.bind([
                        .text(interaction.id), .text(interaction.user.label.rawValue), .text(interaction.user.id),
                        .integer(target), .text(interaction.kind),
                        .milliseconds(interaction.occurredAt),
                    ])
                    try statement.execute()
                }
            }
        }
    }

    /// Counts interactions per window in one read transaction, one tally per window in the same
    /// order.
    ///
    /// The whole batch is one call to the connection's queue, where one prepared statement is
    /// stepped per window: a lookup of the target's id, then a range of `interactions_by_target`:
    /// O(log m + k) per window for k
    /// interactions in it. On 200,000 windows this measured about twice as fast as one query
    /// joining `json_each(?)` of the windows, where parsing the JSON and sorting for the
    /// GROUP BY cost more than the index probes themselves.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func interactionCounts(_ windows: [InteractionWindow]) async throws -> [InteractionTally] {
        guard !windows.isEmpty else { return [] }
        return try await access.read("interactionCounts") { session in
            try session.withStatement(
                """
                SELECT count(*), max(i.occurred_at)
                FROM interaction_targets AS t JOIN interactions AS i ON i.target = t.id
                WHERE t.label = ?1 AND t.node_id = ?2 AND i.occurred_at > ?3 AND i.occurred_at <= ?4
                """
            ) { statement in
                try windows.map { window in
                    defer { statement.reset() }
                    try statement.bind(window.target.label.rawValue, at: 1)
                    try statement.bind(window.target.id, at: 2)
                    try statement.bind(window.after.map(Self.lowerBound) ?? .min, at: 3)
                    try statement.bind(window.through.epochMilliseconds, at: 4)
                    guard try statement.step(), statement.row.int64(0) > 0 else { return .zero }
                    return InteractionTally(count: Int(statement.row.int64(0)), latest: statement.row.optionalDate(1))
                }
            }
        }
    }

    /// Users with at least one interaction after `since`, in key order after `after`.
    ///
    /// Walks `interactions_by_user` in `(label, id)` order and checks each user's latest
    /// interaction, so a page costs O(interactions of the users it passes).
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func activeUsers(since: Date, after: NodeKey?, limit: Int) async throws -> [NodeKey] {
        guard limit > 0 else { return [] }
        let values: [SQLiteValue] = [
            .integer(since.epochMilliseconds), .text(after?.label.rawValue ?? ""), .text(after?.id ?? ""),
            .integer(Int64(limit)),
        ]
        let comparison = after == nil ? ">=" : ">"
        return try await access.read("activeUsers") { session in
            try session.query(
                """
                SELECT user_label, user_id FROM interactions
                WHERE (user_label, user_id) \(comparison) (?2, ?3)
                GROUP BY user_label, user_id HAVING max(occurred_at) > ?1
                ORDER BY user_label, user_id LIMIT ?4
                """,
                values
            ) { NodeKey(NodeLabel($0.text(0)), $0.text(1)) }
        }
    }

    /// A window's exclusive lower bound in stored milliseconds. Stored times are whole
    /// milliseconds, so `t > after` is `t > floor(after)`, and `t <= through` is
    /// `t <= floor(through)`.
    private static func lowerBound(_ after: Date) -> Int64 {
        after.epochMilliseconds
    }
}
