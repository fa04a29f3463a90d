import Foundation
import Upkeep

/// `upkeep job NAME|all`: runs jobs once and prints their reports.
enum JobCommand {
    static let spec = CommandSpec(
        path: ["job"],
        synopsis: "job NAME|all [--dry-run] [--force] [--json]",
        summary: """
            Runs one job, or all five in order (sync, relationships, cache, statistics, cleanup), \
            and prints each report. Jobs: \(JobName.all.map(\.rawValue).joined(separator: ", ")).
            """,
        options: [
            .flag("--dry-run", "Count what destructive steps would do; change nothing"),
            .flag("--force", "Let cleanup delete more than the deletion guard allows"),
            .flag("--json", "Print the reports as JSON"),
        ],
        run: { arguments, context in try await run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async throws -> Int32 {
        guard arguments.positionals.count == 1 else {
            let message =
                arguments.positionals.isEmpty
                ? "missing job name; expected one of \(validNames)"
                : "expected one job name, got: \(arguments.positionals.joined(separator: " "))"
            throw UsageError(message: message, command: "job")
        }
        let names = try jobNames(arguments.positionals[0])
        let stores = try await StoreSet.open(context, mustExist: true)
        let reports = await JobExecution.run(
            names, stores: stores, context: context, dryRun: arguments.has("--dry-run"),
            force: arguments.has("--force"), json: arguments.has("--json"))
        return reports.allSatisfy { $0.status == .succeeded } ? ExitCode.success : ExitCode.failure
    }

    /// The jobs a name selects: one job, or all five for `all`.
    ///
    /// - Throws: ``UsageError`` naming the unknown job and listing the known ones.
    static func jobNames(_ name: String) throws -> [JobName] {
        if name == "all" { return JobName.all }
        guard let job = JobName.all.first(where: { $0.rawValue == name }) else {
            throw UsageError(message: "unknown job '\(name)'; expected one of \(validNames)", command: "job")
        }
        return [job]
    }

    private static var validNames: String {
        (JobName.all.map(\.rawValue) + ["all"]).joined(separator: ", ")
    }
}

/// Runs jobs in order with a progress line and prints their reports.
enum JobExecution {
    /// Runs `names` one after another and prints each report as a table or, with `json`, all
    /// of them as JSON at the end. Returns the reports.
    static func run(
        _ names: [JobName],
        stores: StoreSet,
        context: CommandContext,
        dryRun: Bool,
        force: Bool,
        json: Bool
    ) async -> [JobReport] {
        let runner = JobRunner(environment: stores.environment(logger: context.logger))
        let jobs = context.configuration.jobs
        let options = context.configuration.options(dryRun: dryRun, force: force)
        let line = ProgressLine()
        var reports: [JobReport] = []

        for name in names {
            guard let job = jobs[name] else { continue }
            let report = await runner.run(job, options: options) { progress in
                let total = progress.total.map { " of \($0)" } ?? ""
                line.update("\(progress.job) · \(progress.step): \(progress.completed)\(total)")
            }
            line.clear()
            reports.append(report)
            if !json {
                TerminalOutput.line(ReportFormatter.table(report))
                TerminalOutput.line()
            }
        }

        if json {
            TerminalOutput.line((try? ReportFormatter.json(reports, single: names.count == 1)) ?? "[]")
        }
        return reports
    }
}
