import Foundation
import Synchronization
import Upkeep

/// A ``TaskBus`` on a Redis Stream read by a consumer group, with sorted sets for delayed tasks
/// and claim deadlines and a second stream for dead letters.
///
/// Keys share the hash tag `{name}` (`upkeep:bus:{tasks}:stream`, `…:delayed`, `…:deadlines`,
/// `…:dead`, `…:idempotency:KEY`) so every script's keys sit in one slot.
///
/// - Publishing runs one Lua script per task (pipelined): `SET NX PX` on the idempotency key,
///   then `XADD`, or `ZADD` to the delayed set when ``UpkeepTask/notBefore`` is later than now.
/// - Claiming runs one Lua script: it moves due delayed tasks onto the stream, takes over
///   entries whose claim deadline has passed with `XCLAIM`, reads new entries with
///   `XREADGROUP`, and records each claim's deadline (now + its visibility timeout) in the
///   deadline set. With nothing to claim it blocks in `XREAD BLOCK … $` for at most
///   ``pollInterval`` at a time, which returns as soon as a task is added, and tries again
///   until `wait` runs out. A blocked claim holds one of the client's pooled connections, so
///   give the client more connections than there are consumers waiting at once.
/// - Acknowledging runs `XACK` and `XDEL` together. The stream therefore holds only work that
///   is not yet acknowledged and never needs `MAXLEN` trimming, which could drop pending entries;
///   its length is bounded by outstanding work. The dead-letter stream is trimmed approximately
///   to ``deadLetterLimit`` entries with `XADD MAXLEN ~`.
///
/// Claim deadlines are kept per claim rather than judged by `XAUTOCLAIM`'s single minimum idle
/// time, because each claim carries its own visibility timeout. Deadlines and `notBefore` are
/// read from the bus's ``UpkeepClock``, so workers on several machines need synchronised clocks
/// (any skew shifts a visibility timeout by that much). A receipt names the entry, the consumer
/// and the delivery count, so a settled or taken-over claim can never settle a newer one.
///
/// Every method throws ``StoreError``: `conflict` when retrying or dead-lettering a lost claim,
/// `invalidInput` for a receipt this bus did not issue, `unavailable` or `timeout` when the
/// server cannot be reached, and `backend` or `corrupt` for error or malformed replies, with the
/// ``RedisError`` as ``StoreError/underlying``.
public final class RedisTaskBus: TaskBus {
    /// The client commands go through.
    public let client: RedisClient
    /// The consumer group's name.
    public let group: String
    /// How long an idempotency key is remembered after its first publish.
    public let idempotencyWindow: Duration
    /// The approximate maximum number of dead letters kept; older ones are trimmed.
    public let deadLetterLimit: Int
    /// How long a waiting claim blocks before it looks at delayed and expired claims again.
    public let pollInterval: Duration

    /// The key of the stream holding tasks that are due and not yet acknowledged.
    public let streamKey: String
    /// The key of the sorted set holding tasks whose `notBefore` is in the future, scored by it.
    public let delayedKey: String
    /// The key of the stream holding dead letters.
    public let deadLetterKey: String
    /// The key of the sorted set holding each claimed entry's deadline, scored in epoch ms.
    public let deadlineKey: String
    let idempotencyPrefix: String
    let clock: any UpkeepClock
    let logger: UpkeepLogger
    private let groupReady = Mutex(false)

    /// Creates a bus; the stream and consumer group are created on first use.
    ///
    /// - Parameters:
    ///   - name: the bus's name inside `keyPrefix`; buses with different names are independent.
    ///   - clock: the source of now for `notBefore` and claim deadlines.
    public init(
        client: RedisClient,
        name: String = "tasks",
        keyPrefix: String = "upkeep:",
        group: String = "upkeep-workers",
        idempotencyWindow: Duration = .seconds(7 * 86_400),
        deadLetterLimit: Int = 100_000,
        pollInterval: Duration = .milliseconds(100),
        clock: any UpkeepClock = SystemClock(),
        logger: UpkeepLogger = .disabled
    ) {
        self.client = client
        self.group = group
        self.idempotencyWindow = idempotencyWindow
        self.deadLetterLimit = deadLetterLimit
        self.pollInterval = pollInterval
        let base = "\(keyPrefix)bus:{\(name)}:"
        self.streamKey = base + "stream"
        self.delayedKey = base + "delayed"
        self.deadlineKey = base + "deadlines"
        self.deadLetterKey = base + "dead"
        self.idempotencyPrefix = base + "idempotency:"
        self.clock = clock
        self.logger = logger.with(["upkeep.store": "redis", "upkeep.bus": name])
    }

    var nowMilliseconds: Int64 { clock.now().epochMilliseconds }

    // MARK: - Publishing

    public func publish(_ tasks: [UpkeepTask]) async throws -> [PublishOutcome] {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "publish") {
            guard !tasks.isEmpty else { return [] }
            let now = nowMilliseconds
            let calls = try tasks.map { try publishCall($0, now: now) }
            let replies = try await client.evaluate(Self.publishScript, calls: calls)
            return try replies.map { reply in
                if let message = reply.errorMessage { throw RedisError.server(message, command: "EVALSHA") }
                return reply.int == 1 ? .enqueued : .duplicate
            }
        }
    }

    private func publishCall(_ task: UpkeepTask, now: Int64) throws -> (keys: [String], arguments: [any RedisArgument])
    {
        var keys = [streamKey, delayedKey]
        if let key = task.idempotencyKey { keys.append(idempotencyPrefix + key) }
        let arguments: [any RedisArgument] = [
            try StoredTask.encode(task), task.notBefore.epochMilliseconds, now,
            idempotencyWindow.redisMilliseconds, task.id,
        ]
        return (keys, arguments)
    }

    // MARK: - Claiming

    /// Claims up to `limit` tasks, waiting up to `wait` on the bus's clock when none is visible.
    ///
    /// With a manual test clock the wait ends when a task is published or when the test moves the
    /// clock past the deadline; the bus looks again every ``pollInterval`` of real time.
    public func claim(consumer: String, limit: Int, visibilityTimeout: Duration, wait: Duration) async throws
        -> [TaskDelivery]
    {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "claim") {
            guard limit > 0 else { return [] }
            let deadline = clock.now().addingTimeInterval(wait.timeInterval)
            while true {
                let deliveries = try await claimNow(
                    consumer: consumer, limit: limit, visibilityTimeout: visibilityTimeout)
                let remaining = deadline.timeIntervalSince(clock.now())
                guard deliveries.isEmpty, remaining > 0 else { return deliveries }

                try await waitForNewEntry(upTo: min(.seconds(remaining), pollInterval))
                try Task.checkCancellation()
            }
        }
    }

    private func claimNow(consumer: String, limit: Int, visibilityTimeout: Duration) async throws -> [TaskDelivery] {
        let arguments: [any RedisArgument] = [
            group, consumer, nowMilliseconds, max(0, visibilityTimeout.redisMilliseconds), limit, max(limit, 100),
        ]
        let reply = try await withGroup {
            try await client.evaluate(
                Self.claimScript, keys: [streamKey, delayedKey, deadlineKey], arguments: arguments)
        }
        guard let items = reply.elements else { throw RedisStoreFailure.unexpected(reply, command: "EVALSHA") }

        var deliveries: [TaskDelivery] = []
        for item in items {
            guard let parts = item.elements, parts.count == 3, let count = parts[2].int,
                let entry = StreamEntry(.array(Array(parts[0...1])))
            else { throw RedisStoreFailure.unexpected(item, command: "EVALSHA") }
            if let delivery = try await delivery(from: entry, consumer: consumer, count: count) {
                deliveries.append(delivery)
            }
        }
        return deliveries
    }

    /// Blocks until an entry is added to the stream or `duration` passes, without reading it for
    /// the group. A task added between the last claim and this call is seen on the next poll.
    private func waitForNewEntry(upTo duration: Duration) async throws {
        let milliseconds = max(1, duration.redisMilliseconds)
        let command = RedisCommand("XREAD", "COUNT", 1, "BLOCK", milliseconds, "STREAMS", streamKey, "$")
        try await client.send(command, blocking: .milliseconds(milliseconds))
    }

    /// The delivery for an entry, or `nil` after moving an undecodable entry to the dead letters
    /// so it cannot block the group.
    private func delivery(from entry: StreamEntry, consumer: String, count: Int) async throws -> TaskDelivery? {
        let receipt = TaskReceipt(entryID: entry.id, deliveryCount: count, consumer: consumer)
        if let data = entry.fields["task"], let task = StoredTask.decode(data) {
            return TaskDelivery(task: task, receipt: receipt.text, deliveryCount: count)
        }
        logger.warning("undecodable stream entry moved to dead letters", ["upkeep.redis.entry": entry.id])
        let raw = entry.fields["task"] ?? Data()
        try await settleDead(receipt, payload: raw, reason: "undecodable stream entry \(entry.id)")
        return nil
    }

    // MARK: - Group

    /// Runs `body` after creating the group (from the stream's start, with `MKSTREAM`) once; if
    /// the server lost the group, for example after a restart without persistence, creates it
    /// again and retries once.
    func withGroup<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if !groupReady.withLock({ $0 }) { try await createGroup() }
        do {
            return try await body()
        } catch let error as RedisError where error.serverErrorPrefix == "NOGROUP" {
            logger.info("consumer group missing; creating it again", ["upkeep.redis.group": group])
            try await createGroup()
            return try await body()
        }
    }

    private func createGroup() async throws {
        do {
            try await client.send(RedisCommand("XGROUP", "CREATE", streamKey, group, "0", "MKSTREAM"))
        } catch let error as RedisError where error.serverErrorPrefix == "BUSYGROUP" {
            // Another bus instance created it first, which is what we wanted.
        }
        groupReady.withLock { $0 = true }
    }

    static func receipt(_ delivery: TaskDelivery, operation: String) throws -> TaskReceipt {
        guard let receipt = TaskReceipt(delivery.receipt) else {
            throw StoreError(
                .invalidInput, store: .taskBus, operation: operation,
                message: "receipt '\(delivery.receipt)' of task '\(delivery.task.id)' was not issued by a Redis bus")
        }
        return receipt
    }
}
