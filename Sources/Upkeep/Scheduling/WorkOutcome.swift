import Foundation

/// What a worker did with one delivered task.
public enum WorkOutcome: Hashable, Sendable {
    /// The job succeeded and the task was acknowledged.
    case completed(JobReport)
    /// The job failed or timed out; the report says `retrying` and the task comes back at
    /// `notBefore`.
    case retrying(JobReport, notBefore: Date)
    /// The task was dead-lettered: its last attempt failed (with the report, status `failed`), or
    /// it was malformed or named an unknown job (no report).
    case deadLettered(reason: String, report: JobReport?)
    /// The job's previous run was still going, so this run was skipped and acknowledged.
    case skipped(JobReport)
    /// The task was left unsettled, to be delivered again after its visibility timeout: the
    /// worker shut down mid-job, lost its claim, or could not reach a store.
    case released(reason: String, report: JobReport?)
}
