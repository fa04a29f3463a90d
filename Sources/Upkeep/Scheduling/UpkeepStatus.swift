import Foundation

/// What `upkeep status` shows: next fire per schedule, running jobs, last outcome per job and dead
/// letters.
public struct UpkeepStatus: Hashable, Sendable {
    /// One schedule's state.
    public struct ScheduleState: Hashable, Sendable {
        /// The schedule.
        public var configuration: ScheduleConfiguration
        /// The next slot after now, or `nil` when disabled or never matching.
        public var nextFire: Date?
        /// The last slot the scheduler handled, if it has run.
        public var lastHandledSlot: Date?
    }

    /// The schedules, in configuration order.
    public var schedules: [ScheduleState]
    /// Reports with status `running`, newest first. A worker that died mid-run leaves such a
    /// report behind until its task is run again, so an old one here means a crashed run.
    public var running: [JobReport]
    /// The newest finished report of each job that has one.
    public var lastOutcomes: [JobName: JobReport]
    /// Dead letters, newest first; `upkeep retry ID` passes an id to
    /// ``TaskBus/redrive(deadLetterID:)``.
    public var deadLetters: [DeadLetter]

    /// Gathers the status from the stores.
    ///
    /// - Parameters:
    ///   - reportLimit: how many recent ledger reports to scan for running jobs and outcomes.
    ///   - deadLetterLimit: how many dead letters to return.
    /// - Throws: ``ScheduleConfigurationError`` for an invalid schedule, or a store's error.
    public static func gather(
        configuration: SchedulerConfiguration,
        cache: any CacheStore,
        bus: any TaskBus,
        ledger: any RunLedger,
        now: Date,
        reportLimit: Int = 500,
        deadLetterLimit: Int = 50
    ) async throws -> UpkeepStatus {
        let resolved = try configuration.resolved()
        let keys = SchedulingKeys(prefix: configuration.keyPrefix)
        let stored = try await cache.get(resolved.map { keys.handledSlot($0.job) })
        let schedules = resolved.map { schedule in
            let handled = stored[keys.handledSlot(schedule.job)]
                .flatMap { Int64(String(decoding: $0, as: UTF8.self)) }
                .map(Date.init(epochMilliseconds:))
            let next = schedule.configuration.enabled ? schedule.nextSlot(after: now) : nil
            return ScheduleState(configuration: schedule.configuration, nextFire: next, lastHandledSlot: handled)
        }

        let reports = try await ledger.reports(job: nil, limit: reportLimit)
        var lastOutcomes: [JobName: JobReport] = [:]
        for report in reports where report.status != .running && lastOutcomes[report.job] == nil {
            lastOutcomes[report.job] = report
        }
        return UpkeepStatus(
            schedules: schedules, running: reports.filter { $0.status == .running }, lastOutcomes: lastOutcomes,
            deadLetters: try await bus.deadLetters(limit: deadLetterLimit))
    }
}
