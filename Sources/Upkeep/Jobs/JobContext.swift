import Foundation
import Synchronization

/// What a running job sees: its environment and options, and the record of its steps.
public final class JobContext: Sendable {
    /// The stores, clock and logger.
    public let environment: JobEnvironment
    /// The run's options.
    public let options: JobOptions
    /// The job being run.
    public let job: JobName
    /// The run's id, as in its report.
    public let runID: String
    /// The logger with `upkeep.job` and `upkeep.run` metadata.
    public let logger: UpkeepLogger

    private let progressHandler: ProgressHandler?
    private let steps = Mutex<[StepReport]>([])

    /// Creates a context; ``JobRunner`` does this for you.
    public init(
        environment: JobEnvironment,
        options: JobOptions,
        job: JobName,
        runID: String,
        progress: ProgressHandler? = nil
    ) {
        self.environment = environment
        self.options = options
        self.job = job
        self.runID = runID
        self.progressHandler = progress
        self.logger = environment.logger.with(["upkeep.job": job.rawValue, "upkeep.run": runID])
    }

    /// The graph store.
    public var graph: any GraphStore { environment.graph }
    /// The record store.
    public var records: any RecordStore { environment.records }
    /// The cache store.
    public var cache: any CacheStore { environment.cache }
    /// The current instant on the environment's clock.
    public func now() -> Date { environment.clock.now() }

    /// The steps recorded so far.
    public var stepReports: [StepReport] { steps.withLock { $0 } }

    /// Runs one step: times it, hands it a tally for its counts and notes, and records it.
    ///
    /// - Throws: whatever `body` throws, after recording the step as failed or cancelled.
    @discardableResult
    public func step<Result: Sendable>(
        _ name: String,
        _ body: (StepTally) async throws -> Result
    ) async throws -> Result {
        let tally = StepTally()
        let started = ContinuousClock.now
        logger.debug("step started", ["upkeep.step": name])
        do {
            let result = try await body(tally)
            finish(name, outcome: .succeeded, tally: tally, started: started, error: nil)
            return result
        } catch is CancellationError {
            finish(name, outcome: .cancelled, tally: tally, started: started, error: "cancelled")
            throw CancellationError()
        } catch {
            finish(name, outcome: .failed, tally: tally, started: started, error: String(describing: error))
            throw error
        }
    }

    /// Records a step that did not run, with the reason.
    public func skipStep(_ name: String, reason: String) {
        steps.withLock { $0.append(StepReport(name: name, outcome: .skipped, notes: [reason])) }
        logger.debug("step skipped", ["upkeep.step": name, "upkeep.reason": reason])
    }

    /// Throws `CancellationError` if the run was cancelled; jobs call it between batches.
    public func checkCancellation() throws {
        try Task.checkCancellation()
    }

    /// Reports progress within a step.
    public func progress(step: String, completed: Int, total: Int? = nil) {
        progressHandler?(JobProgress(job: job, step: step, completed: completed, total: total))
    }

    private func finish(
        _ name: String,
        outcome: StepReport.Outcome,
        tally: StepTally,
        started: ContinuousClock.Instant,
        error: String?
    ) {
        let seconds = (ContinuousClock.now - started).timeInterval
        let snapshot = tally.snapshot()
        let report = StepReport(
            name: name, outcome: outcome, counts: snapshot.counts, seconds: seconds, notes: snapshot.notes,
            error: error)
        steps.withLock { $0.append(report) }
        var metadata = ["upkeep.step": name, "upkeep.outcome": outcome.rawValue]
        for (key, value) in snapshot.counts { metadata["upkeep.count.\(key)"] = String(value) }
        logger.log(outcome == .succeeded ? .debug : .warning, "step finished", metadata)
    }
}

/// Counts and notes collected by a running step.
public final class StepTally: Sendable {
    private let state = Mutex<(counts: [String: Int], notes: [String])>(([:], []))

    /// Creates an empty tally.
    public init() {}

    /// Adds `amount` to the count `name`.
    public func add(_ name: String, _ amount: Int = 1) {
        state.withLock { $0.counts[name, default: 0] += amount }
    }

    /// Sets the count `name`.
    public func set(_ name: String, _ value: Int) {
        state.withLock { $0.counts[name] = value }
    }

    /// Adds a remark to the step's report. Notes beyond the first 20 are counted, not kept.
    public func note(_ text: String) {
        state.withLock {
            if $0.notes.count < 20 {
                $0.notes.append(text)
            } else {
                $0.counts["notes.dropped", default: 0] += 1
            }
        }
    }

    /// The value of count `name`, 0 if never set.
    public func count(_ name: String) -> Int {
        state.withLock { $0.counts[name] ?? 0 }
    }

    func snapshot() -> (counts: [String: Int], notes: [String]) {
        state.withLock { $0 }
    }
}
