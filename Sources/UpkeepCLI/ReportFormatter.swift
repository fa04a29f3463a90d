import Foundation
import Upkeep

/// Renders job reports for people (tables) and programs (JSON).
enum ReportFormatter {
    /// A report as a heading line and a table of its steps.
    static func table(_ report: JobReport) -> String {
        let duration = report.seconds.map { String(format: "%.2fs", $0) } ?? "running"
        var heading = "\(report.job)  \(report.status.rawValue.uppercased())  \(duration)"
        if report.dryRun { heading += "  (dry run)" }
        heading += "  run \(report.id.prefix(8))"

        var table = TextTable(header: ["step", "outcome", "seconds", "counts"], rightAligned: [2])
        for step in report.steps {
            let counts = step.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let lines = wrapped(counts, width: 72)
            table.rows.append([
                step.name, step.outcome.rawValue, String(format: "%.3f", step.seconds), lines.first ?? "",
            ])
            table.rows += lines.dropFirst().map { ["", "", "", $0] }
        }

        var lines = [heading, table.render()]
        for step in report.steps {
            lines += step.notes.map { "  note (\(step.name)): \($0)" }
        }
        lines += report.errors.map { "  error: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Words joined by spaces into lines of at most `width` characters (a longer word gets its
    /// own line).
    static func wrapped(_ words: [String], width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in words {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = word
            } else {
                current += current.isEmpty ? word : " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Past runs as one table, newest first.
    static func history(_ reports: [JobReport]) -> String {
        guard !reports.isEmpty else { return "No runs recorded yet." }
        var table = TextTable(
            header: ["started (UTC)", "job", "status", "seconds", "steps", "run"], rightAligned: [3, 4])
        for report in reports {
            table.rows.append([
                timestamp(report.startedAt), report.job.rawValue,
                report.status.rawValue + (report.dryRun ? " (dry run)" : ""),
                report.seconds.map { String(format: "%.2f", $0) } ?? "-", String(report.steps.count),
                String(report.id.prefix(8)),
            ])
        }
        return table.render()
    }

    /// Reports as JSON: one object, or an array when there are several.
    static func json(_ reports: [JobReport], single: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = single && reports.count == 1 ? try encoder.encode(reports[0]) : try encoder.encode(reports)
        return String(decoding: data, as: UTF8.self)
    }

    /// A UTC timestamp to the second, as in `2026-12-03 17:00:00`.
    static func timestamp(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt)
        return date.formatted(style)
    }
}
