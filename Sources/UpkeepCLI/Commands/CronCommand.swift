import Foundation
import Upkeep

/// `upkeep cron next`: the next fire times of a cron expression in a time zone.
enum CronCommand {
    static let spec = CommandSpec(
        path: ["cron", "next"],
        synopsis: "cron next EXPR [--tz ZONE] [--from ISO8601] [--count N] | cron next --jsonl",
        summary: """
            Prints the next N fire times strictly after --from (default now), one per line, in \
            ISO 8601 with the zone's real UTC offset. Daylight saving follows cronie: a time \
            skipped by spring-forward fires at the first instant after the gap; a fixed time \
            repeated by fall-back fires once; wildcard minute or hour fields fire in both hours.
            With --jsonl, reads one query per line from standard input \
            ({"expr": ..., "tz": ..., "from": ..., "count": ...}) and writes one answer per line \
            ({"next": [...]} or {"error": "..."}).
            """,
        options: [
            .value("--tz", "ZONE", "IANA time zone, such as Europe/London (default UTC)"),
            .value("--from", "ISO8601", "Start instant, such as 2026-03-08T00:00:00-05:00 (default now)"),
            .value("--count", "N", "How many fire times to print (default 5)"),
            .flag("--jsonl", "Answer JSON queries from standard input, one per line"),
        ],
        run: { arguments, _ in try run(arguments) }
    )

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if arguments.has("--jsonl") {
            guard arguments.positionals.isEmpty else {
                throw UsageError(
                    message: "--jsonl reads expressions from standard input; drop the argument", command: "cron next")
            }
            while let line = readLine(strippingNewline: true) {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                TerminalOutput.line(CronQuery.answer(line, now: Date()))
            }
            return ExitCode.success
        }

        guard arguments.positionals.count == 1 else {
            let message =
                arguments.positionals.isEmpty
                ? "missing cron expression; quote it, as in 'upkeep cron next \"*/10 * * * *\"'"
                : "expected one cron expression in quotes, got \(arguments.positionals.count) arguments"
            throw UsageError(message: message, command: "cron next")
        }
        let expression: CronExpression
        do {
            expression = try CronExpression(parsing: arguments.positionals[0])
        } catch {
            throw UsageError(message: error.description, command: "cron next")
        }

        let zoneName = arguments.value("--tz") ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw UsageError(
                message: "--tz expects an IANA time zone such as Europe/London, got '\(zoneName)'", command: "cron next"
            )
        }
        var from = Date()
        if let text = arguments.value("--from") {
            guard let date = CronTimeFormat.date(from: text) else {
                throw UsageError(
                    message: "--from expects an ISO 8601 instant such as 2026-03-08T00:00:00Z, got '\(text)'",
                    command: "cron next")
            }
            from = date
        }
        let count = try arguments.positiveInt("--count", default: 5)
        guard count <= CronQuery.maximumCount else {
            throw UsageError(
                message: "--count is at most \(CronQuery.maximumCount), got \(count)", command: "cron next")
        }

        for time in expression.fireTimes(after: from, in: zone, count: count) {
            TerminalOutput.line(CronTimeFormat.string(from: time, in: zone))
        }
        return ExitCode.success
    }
}
