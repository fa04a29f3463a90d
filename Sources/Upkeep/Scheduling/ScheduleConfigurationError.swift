/// A schedule whose settings cannot be used, naming the job and what is wrong.
public struct ScheduleConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The schedule's job.
    public var job: JobName
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(job: JobName, reason: String) {
        self.job = job
        self.reason = reason
    }

    public var description: String { "schedule \(job): \(reason)" }
}
