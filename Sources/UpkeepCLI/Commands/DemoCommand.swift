import Foundation
import Upkeep

/// `upkeep demo`: seeds a synthetic data set into a new database and runs all five jobs.
enum DemoCommand {
    static let spec = CommandSpec(
        path: ["demo"],
        synopsis: "demo [--scale N] [--json]",
        summary: """
            Creates the database if it is missing, seeds a deterministic synthetic data set when it \
            holds no data (at scale 1: 1,000 users, 50,000 notes, 20,000 events, 200 tags, \
            200,000 relationships, 500,000 interactions over 400 days), then runs the five jobs once \
            in order and prints each report.
            """,
        options: [
            .value("--scale", "N", "Size of the synthetic data set (default 1; 0.1 is a tenth)"),
            .flag("--json", "Print the reports as JSON"),
        ],
        run: { arguments, context in try await run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async throws -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "unexpected argument '\(arguments.positionals[0])'", command: "demo")
        }
        let scale = try arguments.positiveDouble("--scale", default: 1)
        let stores = try await StoreSet.open(context, mustExist: false)

        if try await stores.records.idBounds(kind: .user) == nil {
            try await SeedCommand.seed(into: stores, scale: scale, context: context)
        } else if !arguments.has("--json") {
            TerminalOutput.line("Using the data already in \(context.databasePath).")
        }

        let reports = await JobExecution.run(
            JobName.all, stores: stores, context: context, dryRun: false, force: false,
            json: arguments.has("--json"))
        return reports.allSatisfy { $0.status == .succeeded } ? ExitCode.success : ExitCode.failure
    }
}
