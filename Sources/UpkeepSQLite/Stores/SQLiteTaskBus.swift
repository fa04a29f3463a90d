import Foundation
import Upkeep

/// A durable ``Upkeep/TaskBus`` on SQLite: tasks live in the file, so they survive the process.
///
/// A task is claimable when its `visible_at` has passed. Publishing sets it to `notBefore`;
/// claiming moves it to now + the visibility timeout and gives the claim a fresh receipt, so a
/// task whose worker died becomes claimable again when the timeout runs out, and a late
/// acknowledgement from the old worker no longer matches (and does nothing).
///
/// Idempotency keys are kept in their own table under a primary key, inserted in the same
/// transaction as the task, so a key is published once even across processes and after its task
/// was acknowledged, for ``idempotencyWindow`` after its first publish; each publish deletes the
/// keys older than that, so the table holds one window's keys rather than every key ever used.
/// Get a bus from ``SQLiteDatabase/taskBus``.
public final class SQLiteTaskBus: Sendable {
    /// How often ``claim(consumer:limit:visibilityTimeout:wait:)`` looks again while it waits.
    public let pollInterval: Duration
    /// How long an idempotency key is remembered after its first publish.
    public let idempotencyWindow: Duration

    let access: SQLiteStoreAccess
    let clock: any UpkeepClock

    init(
        access: SQLiteStoreAccess,
        clock: any UpkeepClock,
        idempotencyWindow: Duration,
        pollInterval: Duration = .milliseconds(50)
    ) {
        self.access = access
        self.clock = clock
        self.idempotencyWindow = idempotencyWindow
        self.pollInterval = pollInterval
    }

    /// The columns ``task(_:)`` reads, in order.
    static let taskColumns = "id, type, payload, attempt, not_before, idempotency_key"

    /// A task from a row starting with ``taskColumns``.
    static func task(_ row: SQLiteRow) -> UpkeepTask {
        UpkeepTask(
            id: row.text(0), type: row.text(1), payload: row.data(2), attempt: Int(row.int64(3)),
            notBefore: row.date(4), idempotencyKey: row.optionalText(5)
        )
    }

    /// The error for settling a claim that is no longer held.
    static func lostClaim(_ delivery: TaskDelivery, operation: String) -> StoreError {
        StoreError(
            .conflict, store: .taskBus, operation: operation,
            message: "task \(delivery.task.id) is no longer claimed with receipt \(delivery.receipt); "
                + "its visibility timeout ran out or it was settled already"
        )
    }
}

extension SQLiteTaskBus: TaskBus {
    /// Publishes tasks in one transaction; a task whose id was published before, or whose
    /// idempotency key was published less than ``idempotencyWindow`` ago, is a duplicate.
    ///
    /// The same transaction first forgets keys older than the window. The table has no index on
    /// their age, so that is a scan of one window's keys: a few thousand rows for a scheduler's
    /// slot keys over the default week.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails; nothing is published then.
    public func publish(_ tasks: [UpkeepTask]) async throws -> [PublishOutcome] {
        guard !tasks.isEmpty else { return [] }
        let now = clock.now().epochMilliseconds
        let forgetBefore = now &- idempotencyWindow.milliseconds
        return try await access.write("publish") { session in
            try session.run("DELETE FROM task_idempotency_keys WHERE published_at <= ?1", [.integer(forgetBefore)])
            return try tasks.map { task in try Self.insert(task, now: now, in: session) ? .enqueued : .duplicate }
        }
    }

    /// Claims up to `limit` visible tasks, oldest visibility first, in one write transaction.
    ///
    /// When none is visible it looks again every ``pollInterval`` on the bus's clock (suspending
    /// with the clock's `sleep`, never blocking a thread) until `wait` has passed.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails, or `CancellationError` while waiting.
    public func claim(consumer: String, limit: Int, visibilityTimeout: Duration, wait: Duration) async throws
        -> [TaskDelivery]
    {
        guard limit > 0 else { return [] }
        let deadline = clock.now().addingTimeInterval(wait.timeInterval)
        while true {
            let claimed = try await claimVisible(consumer: consumer, limit: limit, visibilityTimeout: visibilityTimeout)
            let now = clock.now()
            guard claimed.isEmpty, now < deadline else { return claimed }
            let pause = min(pollInterval.timeInterval, deadline.timeIntervalSince(now))
            try await clock.sleep(until: now.addingTimeInterval(pause))
        }
    }

    /// Extends a claim to `visibilityTimeout` from now; returns `false` if the claim was lost.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func extend(_ delivery: TaskDelivery, visibilityTimeout: Duration) async throws -> Bool {
        let visibleAt = clock.now().epochMilliseconds &+ visibilityTimeout.milliseconds
        return try await access.write("extend") { session in
            try session.run(
                "UPDATE tasks SET visible_at = ?1 WHERE receipt = ?2", [.integer(visibleAt), .text(delivery.receipt)]
            ) == 1
        }
    }

    /// Acknowledges a task: deletes it, so it is never delivered again.
    ///
    /// An acknowledgement whose claim was lost (the task was redelivered after its visibility
    /// timeout) does nothing: the task's new holder settles it. This matches the other buses.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func ack(_ delivery: TaskDelivery) async throws {
        try await access.write("ack") { session in
            try session.run("DELETE FROM tasks WHERE receipt = ?1", [.text(delivery.receipt)])
        }
    }

    /// Puts a claimed task back with its attempt count incremented, claimable from `notBefore`.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `conflict` when the claim was lost, or when
    ///   SQLite fails.
    public func retry(_ delivery: TaskDelivery, notBefore: Date, error: String) async throws {
        let updated = try await access.write("retry") { session in
            try session.run(
                """
                UPDATE tasks SET attempt = attempt + 1, not_before = ?1, visible_at = ?1, consumer = NULL,
                    receipt = NULL, last_error = ?2
                WHERE receipt = ?3
                """,
                [.milliseconds(notBefore), .text(error), .text(delivery.receipt)]
            )
        }
        guard updated == 1 else { throw Self.lostClaim(delivery, operation: "retry") }
    }

    /// Moves a claimed task to the dead letters with a reason, in one transaction.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `conflict` when the claim was lost, or when
    ///   SQLite fails.
    public func deadLetter(_ delivery: TaskDelivery, reason: String) async throws {
        let now = clock.now().epochMilliseconds
        let id = UUID().uuidString
        let moved = try await access.write("deadLetter") { session in
            let inserted = try session.run(
                """
                INSERT INTO dead_letters (id, task_id, type, payload, attempt, not_before, idempotency_key, reason,
                    failed_at)
                SELECT ?1, id, type, payload, attempt, not_before, idempotency_key, ?2, ?3 FROM tasks WHERE receipt = ?4
                """,
                [.text(id), .text(reason), .integer(now), .text(delivery.receipt)]
            )
            try session.run("DELETE FROM tasks WHERE receipt = ?1", [.text(delivery.receipt)])
            return inserted == 1
        }
        guard moved else { throw Self.lostClaim(delivery, operation: "deadLetter") }
    }

    /// Dead letters, newest first.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        guard limit > 0 else { return [] }
        return try await access.read("deadLetters") { session in
            try session.query(
                """
                SELECT task_id, type, payload, attempt, not_before, idempotency_key, id, reason, failed_at
                FROM dead_letters ORDER BY failed_at DESC, seq DESC LIMIT ?1
                """,
                [.integer(Int64(limit))]
            ) { row in
                DeadLetter(id: row.text(6), task: Self.task(row), reason: row.text(7), failedAt: row.date(8))
            }
        }
    }

    /// Publishes a dead letter's task again with attempt 0, visible now, and removes the dead
    /// letter, in one transaction; returns `false` when no dead letter has that id.
    ///
    /// The task keeps its id, payload and idempotency key; the key does not make it a duplicate,
    /// because it is the same task coming back.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func redrive(deadLetterID: String) async throws -> Bool {
        let now = clock.now().epochMilliseconds
        return try await access.write("redrive") { session in
            let inserted = try session.run(
                """
                INSERT INTO tasks (id, type, payload, attempt, not_before, idempotency_key, visible_at)
                SELECT task_id, type, payload, 0, ?2, idempotency_key, ?2
                FROM dead_letters WHERE id = ?1
                """,
                [.text(deadLetterID), .integer(now)]
            )
            try session.run("DELETE FROM dead_letters WHERE id = ?1", [.text(deadLetterID)])
            return inserted == 1
        }
    }
}

// MARK: - Steps

extension SQLiteTaskBus {
    /// Inserts one task unless its idempotency key or id is taken; returns whether it did.
    ///
    /// The key row goes in first under its primary key, in the caller's transaction, so the
    /// check and the insert are one atomic step even with other processes publishing.
    private static func insert(_ task: UpkeepTask, now: Int64, in session: SQLiteSession) throws -> Bool {
        if let key = task.idempotencyKey {
            let claimed = try session.run(
                """
                INSERT INTO task_idempotency_keys (key, task_id, published_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (key) DO NOTHING
                """,
                [.text(key), .text(task.id), .integer(now)]
            )
            guard claimed == 1 else { return false }
        }
        let notBefore = task.notBefore.epochMilliseconds
        return try session.run(
            """
            INSERT INTO tasks (id, type, payload, attempt, not_before, idempotency_key, visible_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5) ON CONFLICT (id) DO NOTHING
            """,
            [
                .text(task.id), .text(task.type), .blob(task.payload), .integer(Int64(task.attempt)),
                .integer(notBefore), .optionalText(task.idempotencyKey),
            ]
        ) == 1
    }

    /// One claim attempt: picks visible tasks in `(visible_at, seq)` order through
    /// `tasks_by_visibility` and moves each to a new receipt, all in one write transaction.
    private func claimVisible(consumer: String, limit: Int, visibilityTimeout: Duration) async throws
        -> [TaskDelivery]
    {
        let now = clock.now().epochMilliseconds
        let visibleAt = now &+ visibilityTimeout.milliseconds
        let claimID = UUID().uuidString
        return try await access.write("claim") { session in
            let candidates = try session.query(
                """
                SELECT \(Self.taskColumns), seq, delivery_count FROM tasks
                WHERE visible_at <= ?1 ORDER BY visible_at, seq LIMIT ?2
                """,
                [.integer(now), .integer(Int64(limit))]
            ) { row in (task: Self.task(row), seq: row.int64(6), deliveries: Int(row.int64(7)) + 1) }

            return try candidates.map { candidate in
                let receipt = "\(claimID)/\(candidate.seq)"
                try session.run(
                    """
                    UPDATE tasks SET visible_at = ?1, consumer = ?2, receipt = ?3, delivery_count = ?4 WHERE seq = ?5
                    """,
                    [
                        .integer(visibleAt), .text(consumer), .text(receipt), .integer(Int64(candidate.deliveries)),
                        .integer(candidate.seq),
                    ]
                )
                return TaskDelivery(task: candidate.task, receipt: receipt, deliveryCount: candidate.deliveries)
            }
        }
    }
}
