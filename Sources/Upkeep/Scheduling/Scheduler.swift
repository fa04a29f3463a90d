import Foundation
import Synchronization

/// Publishes a task to the bus for every schedule slot, once across any number of instances.
///
/// ## One fire per slot
///
/// Instances sharing a cache and a bus elect a leader with a ``Lease`` on the key
/// `<prefix>scheduler:leader`; only the leader evaluates schedules. Each slot's task carries the
/// idempotency key `schedule:<job>:<slot epoch ms>` and the bus drops a second publish of a key
/// atomically, so the fire is recorded by the publish itself: a crash after publishing cannot lose
/// the slot and a second publish cannot double it. Right before publishing, the leader checks
/// that the cache still holds its lease value and publishes nothing if not. A window remains
/// between that check and the publish — a leader paused there past its lease's expiry could
/// publish alongside a new leader — but both publish the same keys for the same slots, so the
/// bus keeps exactly one task per slot. The bus must remember keys for longer than the longest
/// grace period.
///
/// ## Missed slots and state
///
/// Per schedule the scheduler keeps the last slot it handled under
/// `<prefix>schedule:<job>:handled` in the cache, without expiry, written after the publish (a
/// crash in between re-publishes the same key, which the bus drops). Slots due since then are
/// planned by ``SlotPlan``: the latest fires once if at most the grace period late, standing for
/// the earlier ones; otherwise they are missed, which is logged as a warning with the count and
/// added to ``SchedulerStatistics/missed`` — not written to the run ledger, whose reports describe
/// runs. A schedule seen for the first time treats slots within its grace period as due.
///
/// ``tick()`` evaluates once at the clock's now; ``run()`` loops, sleeping on the injected clock
/// until the next slot or lease renewal, until ``shutdown()`` or cancellation.
public actor Scheduler {
    /// This instance's name, stored in the leader lease.
    public nonisolated let instanceID: String
    /// The parsed schedules.
    public nonisolated let schedules: [ResolvedSchedule]

    let cache: any CacheStore
    let bus: any TaskBus
    let clock: any UpkeepClock
    let logger: UpkeepLogger
    let keys: SchedulingKeys
    let leaseTTL: Duration
    var random: AnyRandomNumberGenerator
    var lease: Lease?
    var counters = SchedulerStatistics()
    nonisolated let loop = Mutex<LoopState>(LoopState())

    /// Whether ``run()`` should stop, and the sleep it is in, so ``shutdown()`` can wake it.
    struct LoopState {
        var stopping = false
        var sleeper: Task<Void, any Error>?
        var finished: Task<Void, Never>?
    }

    /// Creates a scheduler.
    ///
    /// - Throws: ``ScheduleConfigurationError`` for an invalid schedule.
    public init(
        configuration: SchedulerConfiguration = SchedulerConfiguration(),
        cache: any CacheStore,
        bus: any TaskBus,
        clock: any UpkeepClock = SystemClock(),
        logger: UpkeepLogger = .disabled,
        instanceID: String = "scheduler-\(UUID().uuidString.prefix(8))",
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) throws(ScheduleConfigurationError) {
        self.schedules = try configuration.resolved()
        self.instanceID = instanceID
        self.cache = cache
        self.bus = bus
        self.clock = clock
        self.logger = logger.with(["upkeep.scheduler": instanceID])
        self.keys = SchedulingKeys(prefix: configuration.keyPrefix)
        self.leaseTTL = .milliseconds(Int64(configuration.leaseSeconds * 1000))
        self.random = AnyRandomNumberGenerator(random)
    }

    /// What this instance has done so far.
    public var statistics: SchedulerStatistics { counters }

    /// Whether this instance currently believes it holds the leader lease.
    public var isLeader: Bool { lease != nil }

    // MARK: - Tick

    /// Evaluates every enabled schedule once at the clock's current time, publishing due slots if
    /// this instance is (or becomes) the leader.
    ///
    /// - Throws: the cache's or bus's error; nothing is lost, since the next tick re-plans from the
    ///   stored state and re-publishing a slot is a no-op.
    public func tick() async throws -> SchedulerTick {
        let now = clock.now()
        guard try await holdLeadership() else {
            return SchedulerTick(isLeader: false, nextWake: now.addingTimeInterval(renewInterval))
        }

        let handled = try await handledSlots()
        var tasks: [UpkeepTask] = []
        var missed: [JobName: Int] = [:]
        var updates: [CacheEntry] = []
        for schedule in schedules where schedule.configuration.enabled {
            let stored = handled[schedule.job]
            let baseline = now.addingTimeInterval(-schedule.configuration.gracePeriodSeconds)
            let plan = SlotPlan(schedule: schedule, handledThrough: stored ?? baseline, now: now)
            record(plan, of: schedule, missed: &missed)
            if let slot = plan.fire { tasks.append(task(for: schedule, slot: slot)) }
            if let mark = plan.latest ?? (stored == nil ? now : nil) {
                updates.append(handledEntry(schedule.job, mark))
            }
        }

        let (published, duplicates) = try await publish(tasks)
        guard let published else {
            return SchedulerTick(isLeader: false, nextWake: now.addingTimeInterval(renewInterval))
        }
        if !updates.isEmpty { try await cache.set(updates) }
        return SchedulerTick(
            isLeader: true, published: published, duplicates: duplicates, missed: missed,
            nextWake: nextWake(after: now))
    }

    /// How often the lease is renewed (or, by a follower, tried): a third of its lifetime.
    var renewInterval: TimeInterval { leaseTTL.timeInterval / 3 }

    /// The earlier of the next slot of any enabled schedule and the next lease renewal.
    func nextWake(after now: Date) -> Date {
        let renewal = now.addingTimeInterval(renewInterval)
        let slots = schedules.filter(\.configuration.enabled).compactMap { $0.nextSlot(after: now) }
        return min(renewal, slots.min() ?? renewal)
    }

    /// The task for a slot, visible after the slot plus a random jitter.
    private func task(for schedule: ResolvedSchedule, slot: Date) -> UpkeepTask {
        let jitter = schedule.configuration.jitterSeconds
        let delay = jitter > 0 ? Double.random(in: 0...jitter, using: &random) : 0
        let payload = JobTaskPayload(job: schedule.job, dryRun: schedule.configuration.dryRun, slot: slot)
        let key = JobTaskPayload.idempotencyKey(job: schedule.job, slot: slot)
        let notBefore = Date(epochMilliseconds: slot.addingTimeInterval(delay).epochMilliseconds)
        return payload.task(notBefore: notBefore, idempotencyKey: key)
    }

    /// Logs and counts a plan's coalesced and missed slots.
    private func record(_ plan: SlotPlan, of schedule: ResolvedSchedule, missed: inout [JobName: Int]) {
        counters.coalesced += plan.coalesced
        if plan.coalesced > 0 {
            logger.info(
                "missed slots coalesced",
                ["upkeep.job": schedule.job.rawValue, "upkeep.coalesced": String(plan.coalesced)])
        }
        guard plan.missed > 0 else { return }
        counters.missed += plan.missed
        missed[schedule.job] = plan.missed
        logger.warning(
            "schedule slots missed beyond grace period",
            [
                "upkeep.job": schedule.job.rawValue, "upkeep.missed": String(plan.missed),
                "upkeep.firstMissed": plan.firstMissed.map { "\($0.epochMilliseconds)" } ?? "",
                "upkeep.lastMissed": plan.latest.map { "\($0.epochMilliseconds)" } ?? "",
            ])
    }
}
