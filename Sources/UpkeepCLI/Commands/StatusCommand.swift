import Foundation
import Upkeep

/// `upkeep status`: schedules, running jobs, last outcomes and dead letters.
enum StatusCommand {
    static let spec = CommandSpec(
        path: ["status"],
        synopsis: "status",
        summary: "Shows the next fire per schedule, jobs running now, each job's last outcome and dead letters.",
        options: [],
        run: { arguments, context in try await run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async throws -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "unexpected argument '\(arguments.positionals[0])'", command: "status")
        }
        let stores = try await StoreSet.open(context, mustExist: true)
        let status = try await UpkeepStatus.gather(
            configuration: context.configuration.service.scheduler, cache: stores.cache, bus: stores.bus,
            ledger: stores.ledger, now: stores.clock.now())

        var schedules = TextTable(header: ["job", "schedule", "zone", "next fire", "last outcome", "finished (UTC)"])
        for state in status.schedules {
            let schedule = state.configuration
            let zone = TimeZone(identifier: schedule.timeZone) ?? .gmt
            let last = status.lastOutcomes[schedule.job]
            schedules.rows.append([
                schedule.job.rawValue, schedule.enabled ? schedule.expression : "\(schedule.expression) (off)",
                schedule.timeZone, state.nextFire.map { CronTimeFormat.string(from: $0, in: zone) } ?? "-",
                last?.status.rawValue ?? "never run", last?.finishedAt.map(ReportFormatter.timestamp) ?? "-",
            ])
        }
        TerminalOutput.line(schedules.render())

        TerminalOutput.line()
        if status.running.isEmpty {
            TerminalOutput.line("Running: none")
        } else {
            TerminalOutput.line("Running:")
            for report in status.running {
                TerminalOutput.line(
                    "  \(report.job) since \(ReportFormatter.timestamp(report.startedAt)) run \(report.id.prefix(8))")
            }
        }

        TerminalOutput.line()
        if status.deadLetters.isEmpty {
            TerminalOutput.line("Dead letters: none")
        } else {
            var letters = TextTable(header: ["id", "task", "attempts", "failed (UTC)", "reason"])
            for letter in status.deadLetters {
                letters.rows.append([
                    letter.id, letter.task.type, String(letter.task.attempt + 1),
                    ReportFormatter.timestamp(letter.failedAt), String(letter.reason.prefix(80)),
                ])
            }
            TerminalOutput.line("Dead letters (re-drive one with 'upkeep retry ID'):")
            TerminalOutput.line(letters.render())
        }
        return ExitCode.success
    }
}
