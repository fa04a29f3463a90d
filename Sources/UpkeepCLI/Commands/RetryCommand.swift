import Foundation
import Upkeep

/// `upkeep retry ID`: publishes a dead-lettered task again.
enum RetryCommand {
    static let spec = CommandSpec(
        path: ["retry"],
        synopsis: "retry ID",
        summary: "Publishes a dead letter's task again with its attempts reset; 'upkeep status' lists the ids.",
        options: [],
        run: { arguments, context in try await run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async throws -> Int32 {
        guard arguments.positionals.count == 1 else {
            throw UsageError(message: "expected one dead letter id; 'upkeep status' lists them", command: "retry")
        }
        let id = arguments.positionals[0]
        let stores = try await StoreSet.open(context, mustExist: true)
        guard try await stores.bus.redrive(deadLetterID: id) else {
            throw UsageError(message: "no dead letter with id '\(id)'; 'upkeep status' lists them", command: "retry")
        }
        TerminalOutput.line("Re-published dead letter \(id).")
        return ExitCode.success
    }
}
