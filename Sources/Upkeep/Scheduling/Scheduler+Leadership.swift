import Foundation

extension Scheduler {
    /// Renews the leader lease, or tries to take it; returns whether this instance leads.
    func holdLeadership() async throws -> Bool {
        if let lease {
            if try await lease.renew(ttl: leaseTTL, in: cache) { return true }
            loseLeadership(reason: "lease expired or taken over before renewal")
        }
        guard
            let acquired = try await Lease.acquire(
                keys.leader, owner: instanceID, ttl: leaseTTL, cache: cache, clock: clock)
        else { return false }
        lease = acquired
        counters.leadershipsAcquired += 1
        logger.info("scheduler became leader", ["upkeep.fencingToken": String(acquired.holder.token)])
        return true
    }

    /// Publishes slot tasks if the lease is still this instance's; returns the enqueued tasks and
    /// the duplicate keys, or `nil` tasks when the lease was lost and nothing was published.
    func publish(
        _ tasks: [UpkeepTask]
    ) async throws -> (published: [UpkeepTask]?, duplicates: [String]) {
        guard !tasks.isEmpty else { return ([], []) }
        guard let lease, try await lease.isHeld(in: cache) else {
            loseLeadership(reason: "lease lost before publishing")
            return (nil, [])
        }

        let outcomes = try await bus.publish(tasks)
        var published: [UpkeepTask] = []
        var duplicates: [String] = []
        for (task, outcome) in zip(tasks, outcomes) {
            let metadata = [
                "upkeep.taskType": task.type, "upkeep.idempotencyKey": task.idempotencyKey ?? "",
            ]
            switch outcome {
            case .enqueued:
                published.append(task)
                logger.info("schedule fired", metadata)
            case .duplicate:
                duplicates.append(task.idempotencyKey ?? task.id)
                logger.debug("schedule slot already published", metadata)
            }
        }
        counters.published += published.count
        counters.duplicates += duplicates.count
        return (published, duplicates)
    }

    /// Gives up the leader lease, if held; errors are logged, since the lease expires anyway.
    func releaseLeadership() async {
        guard let lease else { return }
        self.lease = nil
        do {
            try await lease.release(in: cache)
            logger.info("scheduler released leadership")
        } catch {
            logger.warning("leader lease release failed", ["upkeep.error": String(describing: error)])
        }
    }

    private func loseLeadership(reason: String) {
        lease = nil
        counters.leadershipsLost += 1
        logger.warning("scheduler lost leadership", ["upkeep.reason": reason])
    }

    // MARK: - Handled slots

    /// The last handled slot of every schedule that has one.
    func handledSlots() async throws -> [JobName: Date] {
        let keysByJob = Dictionary(
            uniqueKeysWithValues: schedules.map { ($0.job, keys.handledSlot($0.job)) })
        let stored = try await cache.get(Array(keysByJob.values))
        var slots: [JobName: Date] = [:]
        for (job, key) in keysByJob {
            guard let data = stored[key], let millis = Int64(String(decoding: data, as: UTF8.self)) else {
                continue
            }
            slots[job] = Date(epochMilliseconds: millis)
        }
        return slots
    }

    /// The cache entry marking `slot` handled for `job`, kept without expiry.
    func handledEntry(_ job: JobName, _ slot: Date) -> CacheEntry {
        CacheEntry(key: keys.handledSlot(job), value: Data(String(slot.epochMilliseconds).utf8), ttl: nil)
    }
}
