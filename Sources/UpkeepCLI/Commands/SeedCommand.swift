import Foundation
import Upkeep
import UpkeepDemo

/// `upkeep seed`: writes the deterministic synthetic data set into the database.
enum SeedCommand {
    static let spec = CommandSpec(
        path: ["seed"],
        synopsis: "seed [--scale N]",
        summary: """
            Creates the database if it is missing and writes the synthetic data set into it. The \
            data is deterministic, so seeding twice at one scale writes the same rows again.
            """,
        options: [.value("--scale", "N", "Size of the synthetic data set (default 1; 0.1 is a tenth)")],
        run: { arguments, context in try await run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async throws -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "unexpected argument '\(arguments.positionals[0])'", command: "seed")
        }
        let scale = try arguments.positiveDouble("--scale", default: 1)
        let stores = try await StoreSet.open(context, mustExist: false)
        try await seed(into: stores, scale: scale, context: context)
        return ExitCode.success
    }

    /// Seeds the synthetic data set with a progress line and prints what was written.
    static func seed(into stores: StoreSet, scale: Double, context: CommandContext) async throws {
        let dataset = SyntheticDataset(scale: scale, now: stores.clock.now())
        let line = ProgressLine()
        let started = ContinuousClock.now
        let summary = try await dataset.load(
            into: stores.graph, records: stores.records, batchSize: context.configuration.batchSize
        ) { progress in
            line.update("seeding \(progress)")
        }
        line.clear()
        let seconds = (ContinuousClock.now - started).timeInterval
        TerminalOutput.line(String(format: "Seeded %@ in %.1fs: %@", context.databasePath, seconds, "\(summary)"))
    }
}
