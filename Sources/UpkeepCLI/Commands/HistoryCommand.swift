import Foundation
import Upkeep

/// `upkeep history`: past runs from the run ledger, newest first.
enum HistoryCommand {
    static let spec = CommandSpec(
        path: ["history"],
        synopsis: "history [--limit N] [--job NAME] [--json]",
        summary: "Shows past job runs from the run ledger, newest first.",
        options: [
            .value("--limit", "N", "How many runs to show (default 20)"),
            .value("--job", "NAME", "Only runs of this job"),
            .flag("--json", "Print the reports as JSON"),
        ],
        run: { arguments, context in try await run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async throws -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "unexpected argument '\(arguments.positionals[0])'", command: "history")
        }
        let limit = try arguments.positiveInt("--limit", default: 20)
        let job = try arguments.value("--job").map { name -> JobName in
            guard let job = try JobCommand.jobNames(name).first, name != "all" else {
                throw UsageError(message: "--job expects one job name, got 'all'", command: "history")
            }
            return job
        }

        let stores = try await StoreSet.open(context, mustExist: true)
        let reports = try await stores.ledger.reports(job: job, limit: limit)
        if arguments.has("--json") {
            TerminalOutput.line(try ReportFormatter.json(reports, single: false))
        } else {
            TerminalOutput.line(ReportFormatter.history(reports))
        }
        return ExitCode.success
    }
}
