import Foundation

/// Prints a scenario's result as a table and as JSON.
enum BenchmarkReport {
    /// Writes a human-readable table to standard output.
    static func printTable(_ result: BenchmarkResult) {
        print("scenario: \(result.scenario)")
        let header = ["variant", "items", "median s", "items/s", "note"]
        let rows = result.rows.map { row in
            [
                row.variant, String(row.items), String(format: "%.4f", row.medianSeconds),
                String(format: "%.0f", row.perSecond), row.note,
            ]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        for line in [header] + rows {
            print(
                line.indices.map { line[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  "))
        }
        for (name, ratio) in result.ratios.sorted(by: { $0.key < $1.key }) {
            print(String(format: "ratio %@: %.1fx", name, ratio))
        }
        for note in result.notes { print("note: \(note)") }
        print(String(format: "peak memory: %.1f MiB", result.peakMemoryMiB))
    }

    /// The result as one line of JSON with sorted keys.
    static func json(_ result: BenchmarkResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(result), as: UTF8.self)
    }
}
