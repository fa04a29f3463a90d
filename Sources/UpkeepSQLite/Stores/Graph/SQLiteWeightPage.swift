import Foundation
import Upkeep

/// One page of the weight pass on the version 2 schema, run inside the caller's transaction on
/// the connection's queue by ``SQLiteGraphStore/updateWeights(_:after:limit:)``.
///
/// Three steps: walk up to `limit` stale rows of `relationship_weights` after `after` in id
/// order, evaluating each as it is read (probing interactions only where the target's
/// `latest_at` says there can be some); update the changed rows with one UPDATE over the page's
/// id range (see ``SQLiteWeightWrites``); look up the keys of the few rows whose stored weight
/// was bad. Reading builds no key or `String` per relationship: only the ids of `User` endpoints
/// of changed relationships, when the pass collects them.
struct SQLiteWeightPage: Sendable {
    /// The pass being run.
    let pass: WeightPass
    /// The id the previous page ended at; 0 before the first (ids start at 1).
    let after: Int64
    /// The most relationships to evaluate.
    let limit: Int

    /// A changed relationship whose weight crossed ``GraphRows/weakThreshold``.
    private struct WeakChange {
        var id: Int64
        /// Whether the new weight is under the threshold (a NaN is not weak).
        var isWeak: Bool
    }

    /// A bad stored weight met during the walk, before its key is looked up.
    private struct Problem {
        var id: Int64
        var storedWeight: Double
        var problem: StoredWeight.Problem
    }

    /// What the walk found, before anything is written.
    private struct Walk {
        var totals = WeightPassTotals()
        var writes: [SQLiteWeightWrites.Write] = []
        var weakChanges: [WeakChange] = []
        var problems: [Problem] = []
        var changedUsers: [String] = []
        var lastID: Int64?
        var rows = 0
        var hasMore = false
    }

    /// Runs the page: walk, write unless the pass is a dry run, then name the problems.
    ///
    /// - Throws: ``SQLiteError`` when a statement fails.
    func run(in session: SQLiteSession) throws -> WeightPassPage {
        var walk = try self.walk(in: session)
        if !pass.dryRun, !walk.writes.isEmpty {
            walk.totals.written = try write(walk.writes, in: session)
            for change in walk.weakChanges {
                try GraphRows.setWeak(change.isWeak, id: change.id, in: session)
            }
        }

        let problems = try name(walk.problems, in: session)
        let next = walk.hasMore ? walk.lastID.map(WeightPassPosition.init) : nil
        return WeightPassPage(
            next: next, totals: walk.totals, problems: problems, changedUsers: walk.changedUsers)
    }

    // MARK: - Walk

    /// Column numbers of the walk's SELECT.
    private enum Column {
        static let id: Int32 = 0
        static let target: Int32 = 1
        static let weight: Int32 = 2
        static let createdAt: Int32 = 3
        static let updatedAt: Int32 = 4
        static let lastInteractionAt: Int32 = 5
        static let boostedThrough: Int32 = 6
        static let latestInteraction: Int32 = 7
        static let fromUser: Int32 = 8
        static let toUser: Int32 = 9
    }

    /// The walk's SELECT; it reads the `User` endpoint columns only when the pass collects users.
    private static func walkSQL(collectsUsers: Bool) -> String {
        """
        SELECT w.id, w.target, w.weight, w.created_at, w.updated_at, w.last_interaction_at, w.boosted_through,
            t.latest_at, \(collectsUsers ? "w.from_user, w.to_user" : "NULL, NULL")
        FROM relationship_weights AS w LEFT JOIN interaction_targets AS t ON t.id = w.target
        WHERE w.id > ?1 AND w.updated_at < ?2
        ORDER BY w.id LIMIT ?3
        """
    }

    private static let walkWithUsersSQL = walkSQL(collectsUsers: true)
    private static let walkWithoutUsersSQL = walkSQL(collectsUsers: false)

    private static let countSQL = """
        SELECT count(*), max(occurred_at) FROM interactions
        WHERE target = ?1 AND occurred_at > ?2 AND occurred_at <= ?3
        """

    /// Reads and evaluates the page's rows, collecting the writes. The SELECT asks for one row
    /// more than the page, so the last page says it is the last and the job makes no empty call.
    private func walk(in session: SQLiteSession) throws -> Walk {
        var walk = Walk()
        walk.writes.reserveCapacity(min(limit, 4_096))
        let nowMillis = pass.now.epochMilliseconds
        try session.withStatement(Self.countSQL) { count in
            let sql = pass.collectsUsers ? Self.walkWithUsersSQL : Self.walkWithoutUsersSQL
            try session.withStatement(sql) { rows in
                try rows.bind(after, at: 1)
                try rows.bind(pass.staleBefore.epochMillisecondsRoundedUp, at: 2)
                try rows.bind(Int64(limit) + 1, at: 3)
                while try rows.step() {
                    guard walk.rows < limit else {
                        walk.hasMore = true
                        break
                    }
                    try evaluate(rows.row, nowMillis: nowMillis, count: count, into: &walk)
                }
            }
        }
        return walk
    }

    /// Evaluates the current row and records it in `walk`.
    private func evaluate(
        _ row: SQLiteRow,
        nowMillis: Int64,
        count: SQLiteStatement,
        into walk: inout Walk
    ) throws {
        let id = row.int64(Column.id)
        let storedWeight = row.isNull(Column.weight) ? .nan : row.double(Column.weight)
        let storedBoostedThrough = row.optionalInt64(Column.boostedThrough)
        let storedLastInteractionAt = row.optionalInt64(Column.lastInteractionAt)
        let boostedThrough = storedBoostedThrough.map(Date.init(epochMilliseconds:))
        let lastInteractionAt = storedLastInteractionAt.map(Date.init(epochMilliseconds:))
        let windowStart = pass.windowStart(boostedThrough: boostedThrough, createdAt: row.date(Column.createdAt))
        let tally = try self.tally(row, after: windowStart.epochMilliseconds, through: nowMillis, count: count)

        let evaluation = pass.evaluate(
            storedWeight: storedWeight, updatedAt: row.date(Column.updatedAt), boostedThrough: boostedThrough,
            lastInteractionAt: lastInteractionAt, tally: tally)
        walk.totals.add(evaluation)
        walk.lastID = id
        walk.rows += 1
        if let problem = evaluation.outcome.problem, walk.problems.count < pass.problemLimit {
            walk.problems.append(Problem(id: id, storedWeight: storedWeight, problem: problem))
        }
        guard evaluation.needsWrite else { return }

        walk.writes.append(
            SQLiteWeightWrites.Write(
                id: id, weight: evaluation.weight,
                boostedThrough: evaluation.boostedThrough?.epochMilliseconds ?? storedBoostedThrough,
                lastInteractionAt: evaluation.lastInteractionAt?.epochMilliseconds ?? storedLastInteractionAt))
        let isWeak = evaluation.weight < GraphRows.weakThreshold
        if isWeak != (storedWeight < GraphRows.weakThreshold) {
            walk.weakChanges.append(WeakChange(id: id, isWeak: isWeak))
        }
        if pass.collectsUsers {
            if let user = row.optionalText(Column.fromUser) { walk.changedUsers.append(user) }
            if let user = row.optionalText(Column.toUser) { walk.changedUsers.append(user) }
        }
    }

    /// The interactions of the row's target in `(after, through]`: none without a probe when the
    /// target's `latest_at`, an upper bound of its interaction times, is not after `after`.
    private func tally(
        _ row: SQLiteRow,
        after: Int64,
        through: Int64,
        count: SQLiteStatement
    ) throws -> InteractionTally {
        guard let latest = row.optionalInt64(Column.latestInteraction), latest > after else { return .zero }

        defer { count.reset() }
        try count.bind(row.int64(Column.target), at: 1)
        try count.bind(after, at: 2)
        try count.bind(through, at: 3)
        guard try count.step(), count.row.int64(0) > 0 else { return .zero }
        return InteractionTally(count: Int(count.row.int64(0)), latest: count.row.optionalDate(1))
    }

    // MARK: - Writes and problems

    /// Updates the changed rows with one UPDATE over the page's id range; returns how many rows
    /// were updated.
    ///
    /// The UPDATE walks the integer key from the first changed id to the last, the pages the
    /// walk has just read, and takes each row's new values from ``SQLiteWeightWrites`` through
    /// the SQL function `upkeep_weight_write`. It replaced one reused `UPDATE … WHERE id = ?`
    /// per row, which paid a seek, five binds, a step and a reset per row: over 1,000,000 edges
    /// (`decay-sqlite`, alternating runs) the whole job took 1.59–2.04 s (median 1.86 s) against
    /// 1.92–2.39 s (median 2.12 s). Writing 250 rows per statement with
    /// `UPDATE … FROM (VALUES …)` had measured slower than the per-row statement. So did
    /// evaluating each row inside one UPDATE (a function on the `weight` column with the walk's
    /// columns as arguments, no SELECT): 2.06–2.22 s against 1.96–2.14 s for this form.
    private func write(_ writes: [SQLiteWeightWrites.Write], in session: SQLiteSession) throws -> Int {
        let buffer = try SQLiteWeightWrites.registered(in: session)
        buffer.load(writes)
        defer { buffer.clear() }
        return try session.withStatement(Self.writeSQL) { statement in
            try statement.bind(writes[0].id, at: 1)
            try statement.bind(writes[writes.count - 1].id, at: 2)
            try statement.bind(pass.now.epochMilliseconds, at: 3)
            try statement.execute()
            return session.changes
        }
    }

    /// Rewrites the rows in `[?1, ?2]` that ``SQLiteWeightWrites`` holds a write for.
    private static let writeSQL = """
        UPDATE relationship_weights
        SET weight = upkeep_weight_write(id, 1), updated_at = ?3, boosted_through = upkeep_weight_write(id, 2),
            last_interaction_at = upkeep_weight_write(id, 3)
        WHERE id >= ?1 AND id <= ?2 AND upkeep_weight_write(id, 0)
        """

    /// The problems with their relationship keys, looked up by id in the transaction that read
    /// them.
    private func name(_ problems: [Problem], in session: SQLiteSession) throws -> [WeightProblem] {
        guard !problems.isEmpty else { return [] }
        return try session.withStatement(
            "SELECT type, from_label, from_id, to_label, to_id FROM relationships WHERE id = ?1"
        ) { statement in
            try problems.compactMap { problem in
                defer { statement.reset() }
                try statement.bind(problem.id, at: 1)
                guard try statement.step() else { return nil }
                return WeightProblem(
                    key: GraphRows.relationshipKey(statement.row), storedWeight: problem.storedWeight,
                    problem: problem.problem)
            }
        }
    }
}
