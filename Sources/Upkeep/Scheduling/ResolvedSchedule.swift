import Foundation

/// A schedule with its expression parsed and its time zone looked up.
public struct ResolvedSchedule: Hashable, Sendable {
    /// The settings.
    public var configuration: ScheduleConfiguration
    /// The parsed expression.
    public var cron: CronExpression
    /// The time zone.
    public var timeZone: TimeZone

    /// Parses and checks a schedule.
    ///
    /// - Throws: ``ScheduleConfigurationError`` naming the job and the problem.
    public init(_ configuration: ScheduleConfiguration) throws(ScheduleConfigurationError) {
        do {
            cron = try configuration.cron()
        } catch {
            throw ScheduleConfigurationError(job: configuration.job, reason: error.description)
        }
        timeZone = try configuration.zone()
        guard configuration.jitterSeconds >= 0, configuration.gracePeriodSeconds >= 0 else {
            throw ScheduleConfigurationError(job: configuration.job, reason: "jitter and grace period must be >= 0")
        }
        self.configuration = configuration
    }

    /// The job.
    public var job: JobName { configuration.job }

    /// The next slot after `date`.
    public func nextSlot(after date: Date) -> Date? {
        cron.nextFire(after: date, in: timeZone)
    }
}
