import Foundation
import Upkeep

/// The `upkeep` command: finds the subcommand, parses its options and maps outcomes to exit codes.
enum UpkeepCommand {
    /// Options every command accepts.
    static let globalOptions: [OptionSpec] = [
        .value("--database", "PATH", "SQLite database file (default ./upkeep.sqlite)"),
        .value("--config", "FILE", "JSON configuration for jobs and schedules"),
        .value("--log-level", "LEVEL", "trace, debug, info, notice, warning, error, critical (default warning)"),
        .flag("--help", "Show help for this command"),
        .flag("-h", "Show help for this command"),
    ]

    /// Runs the command line and returns the process exit code.
    static func main(arguments: [String]) async -> Int32 {
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            TerminalOutput.line(CommandHelp.overview)
            return arguments.isEmpty ? ExitCode.usage : ExitCode.success
        }

        do {
            let (command, rest) = try resolve(arguments)
            let parsed = try CommandLineParser.parse(
                rest, command: command.path, options: command.options + globalOptions)
            if parsed.has("--help") || parsed.has("-h") {
                TerminalOutput.line(command.helpText)
                return ExitCode.success
            }
            let context = try CommandContext(arguments: parsed)
            return try await command.run(parsed, context)
        } catch let error as UsageError {
            TerminalOutput.error("upkeep: \(error.message)")
            let hint = error.command.map { "upkeep \($0) --help" } ?? "upkeep --help"
            TerminalOutput.error("Run '\(hint)' for usage.")
            return ExitCode.usage
        } catch {
            TerminalOutput.error("upkeep: \(error)")
            return ExitCode.failure
        }
    }

    /// Finds the subcommand named by the leading words of `arguments`.
    private static func resolve(_ arguments: [String]) throws -> (CommandSpec, [String]) {
        for command in CommandSpec.all.sorted(by: { $0.path.count > $1.path.count }) {
            if arguments.starts(with: command.path) {
                return (command, Array(arguments.dropFirst(command.path.count)))
            }
        }
        if arguments[0] == "cron" {
            let message =
                arguments.count > 1
                ? "unknown cron command '\(arguments[1])'; expected 'cron next'"
                : "missing cron command; expected 'cron next'"
            throw UsageError(message: message, command: nil)
        }
        throw UsageError(message: "unknown command '\(arguments[0])'", command: nil)
    }
}

/// Exit codes of the `upkeep` command.
enum ExitCode {
    /// Everything succeeded.
    static let success: Int32 = 0
    /// A job failed, or the database or a server could not be used.
    static let failure: Int32 = 1
    /// The command line or the configuration file was wrong.
    static let usage: Int32 = 2
}

/// One subcommand: its words, options, help and action.
struct CommandSpec: Sendable {
    /// The words that name the command, such as `["cron", "next"]`.
    var path: [String]
    /// The synopsis line, after `upkeep`.
    var synopsis: String
    /// What the command does, in a sentence or two.
    var summary: String
    /// The options it accepts besides the global ones.
    var options: [OptionSpec]
    /// The action; returns the exit code.
    var run: @Sendable (ParsedArguments, CommandContext) async throws -> Int32

    /// The command's `--help` text.
    var helpText: String {
        var lines = ["USAGE: upkeep \(synopsis)", "", summary, "", "OPTIONS:"]
        for option in options + UpkeepCommand.globalOptions where option.name != "-h" {
            let name = option.valueName.map { "\(option.name) \($0)" } ?? option.name
            lines.append("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(option.help)")
        }
        return lines.joined(separator: "\n")
    }

    /// Every command, in the order of the overview.
    static let all: [CommandSpec] = [
        DemoCommand.spec, SeedCommand.spec, JobCommand.spec, HistoryCommand.spec, CronCommand.spec,
        RunCommand.spec, StatusCommand.spec, RetryCommand.spec,
    ]
}
