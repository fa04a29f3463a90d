import Foundation
import Synchronization
import Upkeep
import UpkeepTesting

/// Stores, clock and helpers shared by the scheduler and worker tests.
struct SchedulingFixture {
    let clock: ManualClock
    let cache: InMemoryCacheStore
    let bus: InMemoryTaskBus
    let ledger: InMemoryRunLedger
    let environment: JobEnvironment

    init(start: String = "2026-03-02T00:00:00Z") {
        clock = ManualClock(CronTimeFormat.date(from: start)!)
        cache = InMemoryCacheStore(clock: clock)
        bus = InMemoryTaskBus(clock: clock)
        ledger = InMemoryRunLedger()
        environment = JobEnvironment(
            graph: InMemoryGraphStore(), records: InMemoryRecordStore(), cache: cache, ledger: ledger, clock: clock)
    }

    func scheduler(
        _ id: String,
        schedules: [ScheduleConfiguration] = ScheduleConfiguration.defaults,
        cache: (any CacheStore)? = nil
    ) throws -> Scheduler {
        try Scheduler(
            configuration: SchedulerConfiguration(schedules: schedules), cache: cache ?? self.cache, bus: bus,
            clock: clock, instanceID: id, random: SeededRandomNumberGenerator(seed: 7))
    }

    func worker(
        _ consumer: String = "worker-a",
        jobs: [any Job],
        retry: RetryPolicy = RetryPolicy(),
        timeoutSeconds: Double = 3_600,
        bus: (any TaskBus)? = nil,
        seed: UInt64 = 42
    ) -> Worker {
        let configuration = WorkerConfiguration(
            consumer: consumer, visibilityTimeoutSeconds: 60, claimWaitSeconds: 5, jobTimeoutSeconds: timeoutSeconds,
            retry: retry)
        return Worker(
            configuration: configuration, bus: bus ?? self.bus, environment: environment,
            jobs: Dictionary(uniqueKeysWithValues: jobs.map { ($0.name, $0) }),
            random: SeededRandomNumberGenerator(seed: seed))
    }

    /// Publishes a job task visible now.
    func publish(_ job: JobName, id: String = UUID().uuidString) async throws {
        var task = JobTaskPayload(job: job).task(notBefore: clock.now())
        task.id = id
        _ = try await bus.publish([task])
    }

    /// Every task visible now, claimed by an auditing consumer.
    func drain() async throws -> [UpkeepTask] {
        try await bus.claim(consumer: "audit", limit: 100_000, visibilityTimeout: .seconds(86_400), wait: .zero)
            .map(\.task)
    }
}

/// A one-shot or counting signal between a test and a job, immune to cancellation.
final class Gate: Sendable {
    private struct State {
        var permits = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Waits for a permit; cancellation does not end the wait.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.permits > 0 {
                    state.permits -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Gives one permit, waking one waiter if any.
    func open() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.permits += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}

/// Yields until `condition` holds, without waiting on wall time; fails after many yields.
func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    for _ in 0..<100_000 {
        if try await condition() { return true }
        await Task.yield()
    }
    return false
}

struct JobFailure: Error, CustomStringConvertible {
    var description: String
}

/// A job that fails its first `failures` runs, then succeeds.
final class FlakyJob: Job {
    let name: JobName
    let failures: Int
    private let runs = Mutex(0)

    init(name: JobName = JobName("flaky"), failures: Int) {
        self.name = name
        self.failures = failures
    }

    var runCount: Int { runs.withLock { $0 } }

    func run(in context: JobContext) async throws {
        let run = runs.withLock { runs -> Int in
            runs += 1
            return runs
        }
        try await context.step("work") { tally in
            tally.add("attempts")
            if run <= failures { throw JobFailure(description: "boom \(run)") }
        }
    }
}

/// A job that runs `batches` batches, each waiting for the test to open `gate` (if given) and
/// checking for cancellation between batches.
final class BatchJob: Job {
    let name: JobName
    let batches: Int
    let gate: Gate?
    let started = Gate()
    private let state = Mutex((runs: 0, batches: 0, cancelled: false))

    init(name: JobName = JobName("batches"), batches: Int = 3, gate: Gate? = nil) {
        self.name = name
        self.batches = batches
        self.gate = gate
    }

    var runCount: Int { state.withLock { $0.runs } }
    var batchCount: Int { state.withLock { $0.batches } }
    /// Whether the job's task has been cancelled while it waited for the gate.
    var sawCancellation: Bool { state.withLock { $0.cancelled } }

    func run(in context: JobContext) async throws {
        state.withLock { $0.runs += 1 }
        started.open()
        try await context.step("batches") { tally in
            for _ in 0..<batches {
                if let gate {
                    await withTaskCancellationHandler {
                        await gate.wait()
                    } onCancel: {
                        state.withLock { $0.cancelled = true }
                    }
                }
                tally.add("batches")
                state.withLock { $0.batches += 1 }
                try context.checkCancellation()
            }
        }
    }
}

/// A job that waits on the clock until cancelled.
final class StuckJob: Job {
    let name = JobName("stuck")
    let started = Gate()

    func run(in context: JobContext) async throws {
        started.open()
        try await context.step("wait") { _ in
            try await context.environment.clock.sleep(until: .distantFuture)
        }
    }
}

/// A bus that forwards to another and counts `extend` calls.
final class CountingBus: TaskBus {
    let base: InMemoryTaskBus
    private let extends = Mutex(0)

    init(_ base: InMemoryTaskBus) { self.base = base }

    var extendCount: Int { extends.withLock { $0 } }

    func publish(_ tasks: [UpkeepTask]) async throws -> [PublishOutcome] { try await base.publish(tasks) }

    func claim(consumer: String, limit: Int, visibilityTimeout: Duration, wait: Duration) async throws
        -> [TaskDelivery]
    {
        try await base.claim(consumer: consumer, limit: limit, visibilityTimeout: visibilityTimeout, wait: wait)
    }

    func extend(_ delivery: TaskDelivery, visibilityTimeout: Duration) async throws -> Bool {
        defer { extends.withLock { $0 += 1 } }
        return try await base.extend(delivery, visibilityTimeout: visibilityTimeout)
    }

    func ack(_ delivery: TaskDelivery) async throws { try await base.ack(delivery) }

    func retry(_ delivery: TaskDelivery, notBefore: Date, error: String) async throws {
        try await base.retry(delivery, notBefore: notBefore, error: error)
    }

    func deadLetter(_ delivery: TaskDelivery, reason: String) async throws {
        try await base.deadLetter(delivery, reason: reason)
    }

    func deadLetters(limit: Int) async throws -> [DeadLetter] { try await base.deadLetters(limit: limit) }

    func redrive(deadLetterID: String) async throws -> Bool { try await base.redrive(deadLetterID: deadLetterID) }
}

/// A cache that forwards to another and runs a one-shot hook before a `get` of a chosen key.
final class HookedCache: CacheStore {
    let base: InMemoryCacheStore
    private let hook = Mutex<(key: String, action: @Sendable () async throws -> Void)?>(nil)

    init(_ base: InMemoryCacheStore) { self.base = base }

    /// Runs `action` once, before the next `get` that includes `key`.
    func beforeNextGet(of key: String, _ action: @escaping @Sendable () async throws -> Void) {
        hook.withLock { $0 = (key, action) }
    }

    func get(_ keys: [String]) async throws -> [String: Data] {
        let action = hook.withLock { hook -> (@Sendable () async throws -> Void)? in
            guard let armed = hook, keys.contains(armed.key) else { return nil }
            hook = nil
            return armed.action
        }
        try await action?()
        return try await base.get(keys)
    }

    func set(_ entries: [CacheEntry]) async throws { try await base.set(entries) }
    func delete(_ keys: [String]) async throws -> Int { try await base.delete(keys) }
    func invalidate(user: String) async throws -> Int { try await base.invalidate(user: user) }

    func setIfAbsent(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try await base.setIfAbsent(key, value: value, ttl: ttl)
    }

    func expireIfEqual(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try await base.expireIfEqual(key, value: value, ttl: ttl)
    }

    func deleteIfEqual(_ key: String, value: Data) async throws -> Bool {
        try await base.deleteIfEqual(key, value: value)
    }
}
