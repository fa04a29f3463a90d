import Foundation

extension InMemoryTaskBus {
    /// A task on the bus, ready or claimed.
    struct Pending {
        var task: UpkeepTask
        /// When the task can next be claimed: its `notBefore` while ready, the claim's expiry
        /// while claimed.
        var visibleAt: Date
        /// The receipt of the current claim, or `nil` while ready.
        var receipt: String?
        var deliveries = 0

        mutating func putBack(notBefore: Date) {
            task.attempt += 1
            task.notBefore = notBefore
            visibleAt = notBefore
            receipt = nil
            deliveries = 0
        }
    }

    /// What one pass of `claim` found.
    struct ClaimAttempt {
        var deliveries: [TaskDelivery]
        /// The state's generation when it looked, for waiting on the next change.
        var generation: UInt64
        /// The earliest instant a hidden task becomes visible, if any is hidden.
        var nextVisibleAt: Date?
    }

    struct State {
        /// Tasks by publish sequence number, which orders tasks visible at the same instant.
        var pending: [UInt64: Pending] = [:]
        var idempotencyKeys: Set<String> = []
        var deadLetters: [DeadLetter] = []
        var nextSequence: UInt64 = 0
        var nextClaim: UInt64 = 0
        /// Bumped whenever a task becomes claimable earlier than before (publish, retry, redrive).
        var generation: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }
}

// MARK: - Queue

extension InMemoryTaskBus.State {
    mutating func enqueue(_ original: UpkeepTask) {
        var task = original
        task.notBefore = task.notBefore.truncatedToMilliseconds
        nextSequence += 1
        pending[nextSequence] = InMemoryTaskBus.Pending(task: task, visibleAt: task.notBefore)
        generation &+= 1
    }

    /// Claims the visible tasks with the earliest visibility, at most `limit`; O(n log n).
    mutating func claim(
        consumer: String,
        limit: Int,
        now: Date,
        hiddenUntil timeout: Duration
    ) -> InMemoryTaskBus.ClaimAttempt {
        var visible: [(sequence: UInt64, visibleAt: Date)] = []
        var nextVisibleAt: Date?
        for (sequence, entry) in pending {
            if entry.visibleAt <= now {
                visible.append((sequence, entry.visibleAt))
            } else {
                nextVisibleAt = min(nextVisibleAt ?? entry.visibleAt, entry.visibleAt)
            }
        }
        visible.sort { ($0.visibleAt, $0.sequence) < ($1.visibleAt, $1.sequence) }

        let hiddenUntil = now.addingTimeInterval(timeout.timeInterval)
        var deliveries: [TaskDelivery] = []
        for (sequence, _) in visible.prefix(max(0, limit)) {
            guard var entry = pending[sequence] else { continue }
            nextClaim += 1
            let receipt = "\(sequence):\(nextClaim):\(consumer)"
            entry.receipt = receipt
            entry.visibleAt = hiddenUntil
            entry.deliveries += 1
            pending[sequence] = entry
            deliveries.append(TaskDelivery(task: entry.task, receipt: receipt, deliveryCount: entry.deliveries))
        }
        return InMemoryTaskBus.ClaimAttempt(
            deliveries: deliveries, generation: generation, nextVisibleAt: nextVisibleAt)
    }

    /// The sequence number of the task whose current claim has `receipt`, or `nil` if the claim
    /// was settled or taken over.
    func heldClaim(_ receipt: String) -> UInt64? {
        guard let sequence = UInt64(receipt.prefix { $0 != ":" }), pending[sequence]?.receipt == receipt else {
            return nil
        }
        return sequence
    }

    func requireClaim(_ delivery: TaskDelivery, operation: String) throws -> UInt64 {
        guard let sequence = heldClaim(delivery.receipt) else {
            throw StoreError(
                .conflict, store: .taskBus, operation: operation,
                message: "task \(delivery.task.id) is no longer claimed with receipt \(delivery.receipt)")
        }
        return sequence
    }
}

// MARK: - Waiting

extension InMemoryTaskBus.State {
    /// Removes and returns every waiting claim, to be resumed outside the lock.
    mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
        defer { waiters.removeAll() }
        return Array(waiters.values)
    }
}

extension InMemoryTaskBus {
    /// Returns when the bus changes after `generation`, when the clock reaches `wakeAt`, or when
    /// the calling task is cancelled (then it throws `CancellationError`).
    func waitForChange(after generation: UInt64, until wakeAt: Date) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.clock.sleep(until: wakeAt) }
            group.addTask { await self.changed(after: generation) }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func changed(after generation: UInt64) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.generation != generation || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
