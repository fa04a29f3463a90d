import Foundation
import Upkeep

extension SQLiteGraphStore {
    /// Records interactions in one transaction; an id already recorded is ignored.
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
            try session.withStatement(
                """
                INSERT INTO interactions (id, user_label, user_id, target_uid, kind, occurred_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING
                """
            ) { statement in
                for interaction in interactions {
                    defer { statement.reset() }
                    try statement.bind([
                        .text(interaction.id), .text(interaction.user.label.rawValue), .text(interaction.user.id),
                        .text(interaction.target.description), .text(interaction.kind),
                        .milliseconds(interaction.occurredAt),
                    ])
                    try statement.execute()
                }
            }
        }
    }

    /// Counts interactions per window in one query, one tally per window in the same order.
    ///
    /// The windows go to SQLite as one JSON array `[[target, after, through], …]`; `json_each`
    /// joins each with `interactions_by_target`, so a window costs one index range scan,
    /// O(log m + k) for k interactions in it.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func interactionCounts(_ windows: [InteractionWindow]) async throws -> [InteractionTally] {
        guard !windows.isEmpty else { return [] }
        let json = Self.json(windows)
        let rows = try await access.read("interactionCounts") { session in
            try session.query(
                """
                SELECT w.key, count(i.occurred_at), max(i.occurred_at)
                FROM json_each(?1) AS w
                LEFT JOIN interactions AS i
                    ON i.target_uid = json_extract(w.value, '$[0]')
                    AND i.occurred_at > coalesce(json_extract(w.value, '$[1]'), ?2)
                    AND i.occurred_at <= json_extract(w.value, '$[2]')
                GROUP BY w.key
                """,
                [.text(json), .integer(.min)]
            ) { row in
                let tally = InteractionTally(count: Int(row.int64(1)), latest: row.optionalDate(2))
                return (index: Int(row.int64(0)), tally: tally)
            }
        }

        var tallies = Array(repeating: InteractionTally.zero, count: windows.count)
        for row in rows where tallies.indices.contains(row.index) {
            tallies[row.index] = row.tally
        }
        return tallies
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

    /// The windows as `[[target, afterMillis or null, throughMillis], …]`. Stored times are whole
    /// milliseconds, so `t > after` is `t > floor(after)` and `t <= through` is
    /// `t <= floor(through)`.
    private static func json(_ windows: [InteractionWindow]) -> String {
        var json = "["
        json.reserveCapacity(windows.count * 48)
        for (index, window) in windows.enumerated() {
            json += index == 0 ? "[" : ",["
            json += JSONText.string(window.target.description)
            json += ","
            json += window.after.map { String($0.epochMilliseconds) } ?? "null"
            json += ","
            json += String(window.through.epochMilliseconds)
            json += "]"
        }
        return json + "]"
    }
}
