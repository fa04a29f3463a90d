import Foundation

/// Runs jobs and keeps their reports in the run ledger.
public struct JobRunner: Sendable {
    /// The stores, clock and logger jobs run against.
    public var environment: JobEnvironment

    /// Creates a runner.
    public init(environment: JobEnvironment) {
        self.environment = environment
    }

    /// Runs a job to the end and returns its report.
    ///
    /// The report is written to the ledger with status `running` before the first step and again
    /// when the job ends. A failed step ends the run with status `failed`; a cancellation with
    /// `cancelled`. A ledger that cannot be written is logged, and the report is still returned.
    public func run(_ job: any Job, options: JobOptions = JobOptions(), progress: ProgressHandler? = nil) async
        -> JobReport
    {
        let runID = UUID().uuidString
        let context = JobContext(
            environment: environment, options: options, job: job.name, runID: runID, progress: progress)
        var report = JobReport(
            id: runID, job: job.name, status: .running, startedAt: environment.clock.now(),
            dryRun: options.dryRun, attempt: options.attempt)
        await record(report, logger: context.logger)
        context.logger.info("job started", ["upkeep.dryRun": String(options.dryRun)])

        do {
            try await job.run(in: context)
            report.status = .succeeded
        } catch is CancellationError {
            report.status = .cancelled
            report.errors.append("cancelled")
        } catch {
            report.status = .failed
            report.errors.append(String(describing: error))
        }

        report.steps = context.stepReports
        report.finishedAt = environment.clock.now()
        await record(report, logger: context.logger)
        let level: LogLevel = report.status == .succeeded ? .info : .error
        context.logger.log(level, "job finished", ["upkeep.status": report.status.rawValue])
        return report
    }

    private func record(_ report: JobReport, logger: UpkeepLogger) async {
        do {
            try await environment.ledger.record(report)
        } catch {
            logger.error("run ledger write failed", ["upkeep.error": String(describing: error)])
        }
    }
}
