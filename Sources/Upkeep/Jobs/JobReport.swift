import Foundation

/// How a job run ended, or that it is still running.
public enum JobStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// The run has started and not finished.
    case running
    /// Every step finished.
    case succeeded
    /// A step failed and no retry is planned.
    case failed
    /// A step failed and the task will be tried again.
    case retrying
    /// The run was cancelled between batches.
    case cancelled
    /// The run did not start, for example because the previous run of the job was still going.
    case skipped
}

/// What one step of a job did.
public struct StepReport: Hashable, Sendable, Codable {
    /// How a step ended.
    public enum Outcome: String, Hashable, Sendable, Codable {
        case succeeded, failed, skipped, cancelled
    }

    /// The step's name, for example `decay`.
    public var name: String
    /// How the step ended.
    public var outcome: Outcome
    /// Named counts, for example `edges.scanned` or `nodes.deleted`.
    public var counts: [String: Int]
    /// How long the step took, in seconds.
    public var seconds: Double
    /// Remarks worth reading, such as data problems found and skipped.
    public var notes: [String]
    /// The error that ended the step, if it failed.
    public var error: String?

    /// Creates a step report.
    public init(
        name: String,
        outcome: Outcome,
        counts: [String: Int] = [:],
        seconds: Double = 0,
        notes: [String] = [],
        error: String? = nil
    ) {
        self.name = name
        self.outcome = outcome
        self.counts = counts
        self.seconds = seconds
        self.notes = notes
        self.error = error
    }
}

/// The outcome of one job run, kept in the run ledger.
public struct JobReport: Hashable, Sendable, Codable, Identifiable {
    /// The run's unique id.
    public var id: String
    /// Which job ran.
    public var job: JobName
    /// How the run ended.
    public var status: JobStatus
    /// When the run started.
    public var startedAt: Date
    /// When the run ended, or `nil` while it runs.
    public var finishedAt: Date?
    /// Whether destructive steps only counted what they would have done.
    public var dryRun: Bool
    /// Which attempt of the task this was; 0 for the first.
    public var attempt: Int
    /// The steps in the order they ran.
    public var steps: [StepReport]
    /// Errors that ended the run.
    public var errors: [String]

    /// Creates a report.
    public init(
        id: String = UUID().uuidString,
        job: JobName,
        status: JobStatus,
        startedAt: Date,
        finishedAt: Date? = nil,
        dryRun: Bool = false,
        attempt: Int = 0,
        steps: [StepReport] = [],
        errors: [String] = []
    ) {
        self.id = id
        self.job = job
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.dryRun = dryRun
        self.attempt = attempt
        self.steps = steps
        self.errors = errors
    }

    /// The step named `name`, if it ran.
    public func step(_ name: String) -> StepReport? {
        steps.first { $0.name == name }
    }

    /// How long the run took, in seconds, once finished.
    public var seconds: Double? {
        finishedAt.map { $0.timeIntervalSince(startedAt) }
    }
}
