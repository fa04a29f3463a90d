import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to standard output and standard error, and knows whether they are terminals.
enum TerminalOutput {
    /// Writes `text` and a newline to standard output.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether standard error is a terminal, so a progress line may be drawn there.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// A single progress line on a terminal, redrawn in place; silent when standard error is not a
/// terminal, so logs and pipes stay clean.
final class ProgressLine: Sendable {
    private let enabled: Bool

    /// Creates a progress line that draws only when `enabled`.
    init(enabled: Bool = TerminalOutput.standardErrorIsTerminal) {
        self.enabled = enabled
    }

    /// Redraws the line with `text`.
    func update(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Erases the line.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Lays out rows of text in aligned columns.
struct TextTable {
    /// Column titles.
    var header: [String]
    /// Rows of cells; short rows are padded.
    var rows: [[String]] = []
    /// Columns whose cells are right-aligned, such as counts.
    var rightAligned: Set<Int> = []

    /// The table as lines, with a rule under the header.
    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        var lines = [format(header, widths: widths)]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += rows.map { format($0, widths: widths) }
        return lines.joined(separator: "\n")
    }

    private func format(_ row: [String], widths: [Int]) -> String {
        widths.indices.map { column in
            let cell = column < row.count ? row[column] : ""
            let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
            return rightAligned.contains(column) ? padding + cell : cell + padding
        }
        .joined(separator: "  ")
        .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
}
