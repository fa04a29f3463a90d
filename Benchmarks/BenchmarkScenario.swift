import Foundation

/// One benchmark scenario: sets up its data, measures, and returns its figures.
///
/// Scenarios run one per process (`UpkeepBenchmarks NAME`), so the process's peak resident set
/// size is the scenario's own.
protocol BenchmarkScenario: Sendable {
    /// The name used on the command line, for example `decay-sqlite`.
    var name: String { get }
    /// One sentence saying what is measured.
    var summary: String { get }

    /// Runs the scenario and returns one row per measured variant.
    func run(options: BenchmarkOptions) async throws -> BenchmarkResult
}

/// Settings shared by every scenario.
struct BenchmarkOptions: Sendable {
    /// Multiplies the scenario's default data size; 1 is the size the docs quote.
    var scale: Double = 1
    /// How many timed repetitions to take the median of.
    var repetitions: Int = 3
    /// A scratch directory for database files.
    var directory: URL
}

/// The figures a scenario measured.
struct BenchmarkResult: Codable, Sendable {
    /// One measured variant, such as `upkeep` or `baseline (per-row)`.
    struct Row: Codable, Sendable {
        var variant: String
        var items: Int
        var medianSeconds: Double
        var perSecond: Double { medianSeconds > 0 ? Double(items) / medianSeconds : 0 }
        var note: String = ""

        enum CodingKeys: String, CodingKey { case variant, items, medianSeconds, perSecond, note }

        init(variant: String, items: Int, medianSeconds: Double, note: String = "") {
            self.variant = variant
            self.items = items
            self.medianSeconds = medianSeconds
            self.note = note
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            variant = try container.decode(String.self, forKey: .variant)
            items = try container.decode(Int.self, forKey: .items)
            medianSeconds = try container.decode(Double.self, forKey: .medianSeconds)
            note = try container.decodeIfPresent(String.self, forKey: .note) ?? ""
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(variant, forKey: .variant)
            try container.encode(items, forKey: .items)
            try container.encode(medianSeconds, forKey: .medianSeconds)
            try container.encode(perSecond, forKey: .perSecond)
            try container.encode(note, forKey: .note)
        }
    }

    var scenario: String
    var rows: [Row]
    /// Ratios worth quoting, such as `upkeep/baseline`.
    var ratios: [String: Double] = [:]
    /// Remarks, such as how a baseline was extrapolated.
    var notes: [String] = []
    /// Peak resident set size of the process, in MiB, filled in by the runner.
    var peakMemoryMiB: Double = 0
}

/// Timing helpers for scenarios.
enum Measure {
    /// Runs `body` `repetitions` times and returns the median wall time in seconds.
    static func median(repetitions: Int, _ body: () async throws -> Void) async rethrows -> Double {
        var samples: [Double] = []
        for _ in 0..<max(1, repetitions) {
            samples.append(try await seconds(body))
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// The wall time of one run of `body`, in seconds.
    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        let (whole, fraction) = elapsed.components
        return Double(whole) + Double(fraction) / 1e18
    }

    /// The process's peak resident set size in MiB, from `getrusage`.
    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
