import Foundation
import Synchronization

/// A ``TaskBus`` held in process memory, with visibility read from an injectable clock.
///
/// Every claim happens under one `Mutex`, so no task is ever handed to two consumers at once. A
/// claimed task is hidden until its visibility timeout passes and then delivered again with its
/// ``TaskDelivery/deliveryCount`` incremented. Settling a delivery (ack, retry, dead letter)
/// needs the receipt of the task's current claim: an ack with a lost claim does nothing (the new
/// holder settles the task), while retry and dead letter throw `conflict`.
///
/// `claim` with a positive `wait` suspends until a task is published or put back, or until the
/// clock reaches the earlier of the deadline and the next instant a hidden task becomes visible,
/// and then looks again. With a ``ManualClock`` the wait therefore ends when a test publishes a
/// task or advances the clock past that instant; it never waits on wall time.
///
/// Idempotency keys are remembered for the life of the bus, including keys of acknowledged and
/// dead-lettered tasks.
public final class InMemoryTaskBus: TaskBus {
    let clock: any UpkeepClock
    let state = Mutex(State())

    /// Creates an empty bus whose visibility times follow `clock`.
    public init(clock: any UpkeepClock = SystemClock()) {
        self.clock = clock
    }

    public func publish(_ tasks: [UpkeepTask]) async throws -> [PublishOutcome] {
        guard !tasks.isEmpty else { return [] }
        let (outcomes, waiters) = state.withLock { state in
            let outcomes = tasks.map { task -> PublishOutcome in
                if let key = task.idempotencyKey, !state.idempotencyKeys.insert(key).inserted { return .duplicate }
                state.enqueue(task)
                return .enqueued
            }
            return (outcomes, state.takeWaiters())
        }
        waiters.forEach { $0.resume() }
        return outcomes
    }

    /// Claims up to `limit` visible tasks, oldest visibility first, waiting up to `wait` when none
    /// is visible.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled while waiting.
    public func claim(
        consumer: String,
        limit: Int,
        visibilityTimeout: Duration,
        wait: Duration
    ) async throws -> [TaskDelivery] {
        let deadline = clock.now().addingTimeInterval(wait.timeInterval)
        while true {
            try Task.checkCancellation()
            let now = clock.now()
            let attempt = state.withLock { state in
                state.claim(consumer: consumer, limit: limit, now: now, hiddenUntil: visibilityTimeout)
            }
            guard attempt.deliveries.isEmpty, limit > 0, now < deadline else { return attempt.deliveries }

            let wakeAt = min(deadline, attempt.nextVisibleAt ?? deadline)
            try await waitForChange(after: attempt.generation, until: wakeAt)
        }
    }

    public func extend(_ delivery: TaskDelivery, visibilityTimeout: Duration) async throws -> Bool {
        let now = clock.now()
        return state.withLock { state in
            guard let sequence = state.heldClaim(delivery.receipt) else { return false }
            state.pending[sequence]?.visibleAt = now.addingTimeInterval(visibilityTimeout.timeInterval)
            return true
        }
    }

    /// Acknowledges a task; does nothing when the delivery's claim is no longer held.
    public func ack(_ delivery: TaskDelivery) async throws {
        state.withLock { state in
            guard let sequence = state.heldClaim(delivery.receipt) else { return }
            state.pending[sequence] = nil
        }
    }

    /// Puts a claimed task back with its attempt count incremented, visible from `notBefore`.
    ///
    /// - Throws: ``StoreError`` with code `conflict` when the delivery's claim is no longer held.
    public func retry(_ delivery: TaskDelivery, notBefore: Date, error: String) async throws {
        let waiters = try state.withLock { state in
            let sequence = try state.requireClaim(delivery, operation: "retry")
            state.pending[sequence]?.putBack(notBefore: notBefore.truncatedToMilliseconds)
            state.generation &+= 1
            return state.takeWaiters()
        }
        waiters.forEach { $0.resume() }
    }

    /// Moves a claimed task to the dead letters with a reason.
    ///
    /// - Throws: ``StoreError`` with code `conflict` when the delivery's claim is no longer held.
    public func deadLetter(_ delivery: TaskDelivery, reason: String) async throws {
        let now = clock.now().truncatedToMilliseconds
        try state.withLock { state in
            let sequence = try state.requireClaim(delivery, operation: "deadLetter")
            guard let pending = state.pending.removeValue(forKey: sequence) else { return }
            state.deadLetters.append(
                DeadLetter(id: "dead-\(sequence)", task: pending.task, reason: reason, failedAt: now))
        }
    }

    /// Dead letters, newest first; dead letters with the same time come latest-written first.
    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        state.withLock { state in
            guard limit > 0 else { return [] }
            let ordered = state.deadLetters.enumerated().sorted {
                ($0.element.failedAt, $0.offset) > ($1.element.failedAt, $1.offset)
            }
            return ordered.prefix(limit).map(\.element)
        }
    }

    /// Publishes the dead letter's task again, visible now, with attempt 0; the idempotency key
    /// it was first published with does not stop it.
    public func redrive(deadLetterID: String) async throws -> Bool {
        let now = clock.now()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard let index = state.deadLetters.firstIndex(where: { $0.id == deadLetterID }) else { return nil }
            var task = state.deadLetters.remove(at: index).task
            task.attempt = 0
            task.notBefore = now
            state.enqueue(task)
            return state.takeWaiters()
        }
        waiters?.forEach { $0.resume() }
        return waiters != nil
    }
}
