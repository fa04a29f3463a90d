import Foundation

extension Scheduler {
    /// Ticks until ``shutdown()`` or cancellation, sleeping on the clock until the next slot or
    /// lease renewal in between, then releases the leader lease.
    ///
    /// A tick that fails (a store is unreachable) is logged and tried again at the next wake-up.
    public func run() async {
        while !loop.withLock({ $0.stopping }) && !Task.isCancelled {
            var wake = clock.now().addingTimeInterval(renewInterval)
            do {
                wake = try await tick().nextWake
            } catch {
                logger.error("scheduler tick failed", ["upkeep.error": String(describing: error)])
            }
            guard await sleep(until: wake) else { break }
        }
        await releaseLeadership()
    }

    /// Stops ``run()`` at its next wake-up — at once if it is sleeping — and releases the leader
    /// lease. Returns without waiting for a tick in progress, which then stops.
    public func shutdown() async {
        let sleeper = loop.withLock { state -> Task<Void, any Error>? in
            state.stopping = true
            return state.sleeper
        }
        sleeper?.cancel()
        await releaseLeadership()
    }

    /// Sleeps in a task ``shutdown()`` can cancel; returns `false` when stopped or cancelled.
    private func sleep(until wake: Date) async -> Bool {
        let clock = self.clock
        let sleeper = Task { try await clock.sleep(until: wake) }
        let stopping = loop.withLock { state -> Bool in
            state.sleeper = sleeper
            return state.stopping
        }
        if stopping { sleeper.cancel() }

        let result = await withTaskCancellationHandler {
            await sleeper.result
        } onCancel: {
            sleeper.cancel()
        }
        loop.withLock { $0.sleeper = nil }
        if case .failure = result { return false }
        return !loop.withLock { $0.stopping }
    }
}
