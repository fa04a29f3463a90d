import Foundation
import Upkeep

/// The timings a decay scenario collects over its repetitions, and the result they make.
struct DecayMeasurement {
    /// The job's settings: the defaults without cache invalidation, because the seed baseline
    /// invalidates nothing and the graph's users have no cache entries to drop.
    static let job = RelationshipsJob(configuration: .init(invalidateCaches: false))

    /// Edges the workload holds.
    let edgeCount: Int
    /// Wall times of the job, one per repetition.
    private(set) var jobSeconds: [Double] = []
    /// Wall times of the baseline pass, one per repetition.
    private(set) var baselineSeconds: [Double] = []
    /// Edges one baseline pass updates.
    private(set) var baselineEdges = 0
    /// The report of the last timed run, for its counts.
    private(set) var lastReport: JobReport?

    init(edgeCount: Int) {
        self.edgeCount = edgeCount
    }

    /// Runs the relationships job once through a ``JobRunner`` and records its wall time.
    ///
    /// - Throws: `BenchmarkFailure` when the job does not succeed or skips edges.
    mutating func timeJob(_ runner: JobRunner) async throws {
        var report: JobReport?
        let seconds = await Measure.seconds { report = await runner.run(Self.job) }
        guard let report, report.status == .succeeded else {
            throw BenchmarkFailure(
                "relationships job ended \(report?.errors.joined(separator: "; ") ?? "without report")")
        }
        let step = report.steps.first { $0.name == RelationshipsJob.Step.updateWeights }
        let scanned = step?.counts["edges.scanned"]
        guard scanned == edgeCount else {
            throw BenchmarkFailure("relationships job scanned \(scanned ?? 0) of \(edgeCount) edges")
        }
        jobSeconds.append(seconds)
        lastReport = report
    }

    /// Runs one baseline pass and records its wall time and size.
    mutating func timeBaseline(_ pass: () async throws -> Int) async throws {
        var edges = 0
        let seconds = try await Measure.seconds { edges = try await pass() }
        baselineSeconds.append(seconds)
        baselineEdges = edges
    }

    // MARK: - Result

    /// The scenario's rows, ratio and notes.
    func result(scenario: String, notes: [String]) -> BenchmarkResult {
        let job = Self.median(jobSeconds)
        let baseline = Self.median(baselineSeconds)
        let baselineRate = baseline > 0 ? Double(baselineEdges) / baseline : 0
        let extrapolated = baselineRate > 0 ? Double(edgeCount) / baselineRate : 0
        var result = BenchmarkResult(
            scenario: scenario,
            rows: [
                .init(variant: "upkeep RelationshipsJob", items: edgeCount, medianSeconds: job),
                .init(
                    variant: "seed baseline (per-row)", items: baselineEdges, medianSeconds: baseline,
                    note: String(format: "sample; %.1f s extrapolated to %d edges", extrapolated, edgeCount)),
            ]
        )
        if job > 0, baselineRate > 0 {
            result.ratios["upkeep/baseline"] = Double(edgeCount) / job / baselineRate
        }
        result.notes =
            notes + stageNotes() + [
                "samples job s: \(Self.format(jobSeconds)); baseline s: \(Self.format(baselineSeconds))"
            ]
        return result
    }

    /// The last run's counts and, when the job ran its portable pipeline, per-stage times, from
    /// the job report. A store that runs the pass itself reports no stage times.
    private func stageNotes() -> [String] {
        guard let step = lastReport?.steps.first(where: { $0.name == RelationshipsJob.Step.updateWeights })
        else { return [] }
        let counts = ["batches", "edges.scanned", "edges.written", "edges.boosted", "interactions.counted"]
            .map { "\($0)=\(step.counts[$0] ?? 0)" }
        let stageMicroseconds = ["scan", "count", "compute", "write"].map { stage in
            (stage, step.counts["time.\(stage).us"] ?? 0)
        }
        guard stageMicroseconds.contains(where: { $0.1 > 0 }) else {
            return ["last job run: " + counts.joined(separator: " ")]
        }

        let stages = stageMicroseconds.map { String(format: "%@ %.3f s", $0.0, Double($0.1) / 1e6) }
        return [
            "last job run: " + counts.joined(separator: " "),
            "stage times: " + stages.joined(separator: ", "),
        ]
    }

    /// The median of `samples`, or 0 when there are none.
    static func median(_ samples: [Double]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return samples.sorted()[samples.count / 2]
    }

    static func format(_ samples: [Double]) -> String {
        samples.map { String(format: "%.3f", $0) }.joined(separator: ", ")
    }
}
