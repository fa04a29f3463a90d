import Foundation
import Upkeep
import UpkeepSQLite

/// The sync job over SQLite record and graph stores: a full sync into an empty graph, then
/// incremental syncs of 1,000 changed rows in tables of two sizes.
///
/// - Full sync: a template holding 100,000 source rows (times `--scale`) and an empty graph is
///   copied to a fresh file for each repetition (untimed); the timed run is `SyncJob()` with its
///   defaults, consistency check included (the default rotating scope: one slice of 4,096 ids
///   per kind).
/// - Incremental: on the graph the full sync left (100,000 rows) and on a second database of
///   1,000,000 rows (times `--scale`) whose rows and synced graph are written directly in setup
///   (``SyncTemplate``, checked against a real full sync at 5,000 rows on every run), each
///   repetition writes 1,000 changed rows (untimed) and times `SyncJob` without the consistency
///   check, then writes another 1,000 and times the default job with it. Changes fall in the
///   hour before each sync, which runs an hour after the previous one, as the hourly schedule
///   would.
struct SyncSQLiteScenario: BenchmarkScenario {
    let name = "sync-sqlite"
    let summary = "full sync of 100k rows, then 1,000 changes in 100k- and 1M-row tables"

    /// Changed rows per incremental sync.
    static let changeCount = 1_000
    /// The size at which the directly written template is compared with a full sync.
    static let equivalenceRows = 5_000

    func run(options: BenchmarkOptions) async throws -> BenchmarkResult {
        let clock = BenchmarkClock()
        let small = SyncWorkload(rowCount: max(100, Int(100_000 * options.scale)), now: clock.now())
        let large = SyncWorkload(rowCount: max(1_000, Int(1_000_000 * options.scale)), now: clock.now())
        var notes: [String] = []

        let full = try await measureFullSync(small, clock: clock, options: options, notes: &notes)
        var rows = [full.row]
        var incremental = try await measureIncremental(
            small, path: full.syncedPath, clock: clock, options: options, notes: &notes)

        let largePath = options.directory.appendingPathComponent("sync-large.sqlite").path
        try await prepareSynced(large, at: largePath, clock: clock, options: options, notes: &notes)
        incremental += try await measureIncremental(
            large, path: largePath, clock: clock, options: options, notes: &notes)
        rows += incremental

        var result = BenchmarkResult(scenario: name, rows: rows, notes: notes)
        if incremental.count == 4, incremental[0].medianSeconds > 0 {
            result.ratios["incremental large/small table"] = incremental[2].medianSeconds / incremental[0].medianSeconds
        }
        return result
    }

    // MARK: - Full sync

    /// Times full syncs of `workload` into empty graphs; returns the row and the path of the
    /// last synced database, kept for the incremental measurement.
    private func measureFullSync(
        _ workload: SyncWorkload,
        clock: BenchmarkClock,
        options: BenchmarkOptions,
        notes: inout [String]
    ) async throws -> (row: BenchmarkResult.Row, syncedPath: String) {
        let template = options.directory.appendingPathComponent("sync-template.sqlite").path
        let loadSeconds = try await Measure.seconds { try await workload.loadRecords(at: template) }
        notes.append(String(format: "%d source rows written in %.1f s (untimed)", workload.rowCount, loadSeconds))

        var samples: [Double] = []
        var path = ""
        var lastReport: JobReport?
        for repetition in 0..<max(1, options.repetitions) {
            if !path.isEmpty { try SQLiteFiles.remove(path) }
            path = options.directory.appendingPathComponent("sync-full-\(repetition).sqlite").path
            try SQLiteFiles.copy(template, to: path)
            let database = try await SQLiteDatabase(path: path, clock: clock)
            let (seconds, report) = try await timeSync(SyncJob(), on: database, clock: clock)
            await database.close()
            samples.append(seconds)
            lastReport = report
        }
        if let lastReport { notes.append("full sync: " + Self.describe(lastReport)) }
        notes.append("full sync samples s: \(DecayMeasurement.format(samples))")
        let row = BenchmarkResult.Row(
            variant: "full sync, empty graph", items: workload.rowCount,
            medianSeconds: DecayMeasurement.median(samples), note: "SyncJob() incl. rotating check")
        return (row, path)
    }

    /// Writes the table and the graph a full sync of it leaves (``SyncTemplate``), untimed, so
    /// incremental syncs have a graph to update; first checks at small scale that the shortcut
    /// writes exactly what a full sync does.
    private func prepareSynced(
        _ workload: SyncWorkload,
        at path: String,
        clock: BenchmarkClock,
        options: BenchmarkOptions,
        notes: inout [String]
    ) async throws {
        let checkRows = min(workload.rowCount, Self.equivalenceRows)
        let checkSeconds = try await Measure.seconds {
            try await SyncTemplate.verifyEquivalence(
                rowCount: checkRows, directory: options.directory, clock: clock)
        }
        notes.append(
            String(
                format: "direct template equals a full sync at %d rows (checked in %.1f s)", checkRows,
                checkSeconds))

        let seconds = try await Measure.seconds {
            try await SyncTemplate(workload: workload).build(at: path, clock: clock)
        }
        notes.append(
            String(
                format: "%d-row table and its synced graph written in %.1f s (setup, untimed)", workload.rowCount,
                seconds))
    }

    // MARK: - Incremental sync

    /// Times incremental syncs of ``changeCount`` changed rows on an already synced database:
    /// one row without the consistency check and one with it.
    private func measureIncremental(
        _ workload: SyncWorkload,
        path: String,
        clock: BenchmarkClock,
        options: BenchmarkOptions,
        notes: inout [String]
    ) async throws -> [BenchmarkResult.Row] {
        let database = try await SQLiteDatabase(path: path, clock: clock)
        let changes = min(Self.changeCount, workload.rowCount)
        let withoutCheck = SyncJob(configuration: .init(verifiesConsistency: false))
        var plain: [Double] = []
        var checked: [Double] = []
        var reports: [JobReport] = []

        for repetition in 0..<max(1, options.repetitions) {
            for (job, isChecked) in [(withoutCheck, false), (SyncJob(), true)] {
                let syncAt = clock.now().addingTimeInterval(3_600)
                let seed = UInt64(repetition * 2 + (isChecked ? 1 : 0))
                try await database.records.upsertRecords(workload.changes(size: changes, seed: seed, through: syncAt))
                clock.set(to: syncAt)
                let (seconds, report) = try await timeSync(job, on: database, clock: clock)
                if isChecked { checked.append(seconds) } else { plain.append(seconds) }
                reports.append(report)
            }
        }
        await database.close()

        let table = "\(workload.rowCount)-row table"
        for report in reports.suffix(2) { notes.append("incremental, \(table): " + Self.describe(report)) }
        notes.append(
            "incremental, \(table) samples s: sync \(DecayMeasurement.format(plain)); "
                + "with check \(DecayMeasurement.format(checked))")
        return [
            .init(
                variant: "incremental, \(table)", items: changes, medianSeconds: DecayMeasurement.median(plain),
                note: "no consistency check"),
            .init(
                variant: "incremental + check, \(table)", items: changes,
                medianSeconds: DecayMeasurement.median(checked), note: "SyncJob() defaults, rotating check"),
        ]
    }

    // MARK: - Running

    /// Runs `job` through a ``JobRunner`` on `database` and returns its wall time and report.
    ///
    /// - Throws: ``BenchmarkFailure`` when the job does not succeed.
    private func timeSync(_ job: SyncJob, on database: SQLiteDatabase, clock: BenchmarkClock) async throws
        -> (Double, JobReport)
    {
        let runner = JobRunner(
            environment: JobEnvironment(
                graph: database.graph, records: database.records, cache: database.cache, ledger: database.ledger,
                clock: clock))
        var report: JobReport?
        let seconds = await Measure.seconds { report = await runner.run(job) }
        guard let report, report.status == .succeeded else {
            throw BenchmarkFailure("sync job ended \(report?.errors.joined(separator: "; ") ?? "without report")")
        }
        return (seconds, report)
    }

    /// The report's row and drift counts and step times in one line.
    private static func describe(_ report: JobReport) -> String {
        let read = report.steps.reduce(0) { $0 + ($1.counts["rows.read"] ?? 0) }
        let upserted = report.steps.reduce(0) { $0 + ($1.counts["nodes.upserted"] ?? 0) }
        let edges = report.steps.reduce(0) { $0 + ($1.counts["edges.created"] ?? 0) }
        let drift = report.steps.reduce(0) { $0 + ($1.counts["drift.found"] ?? 0) }
        let steps = report.steps.map { String(format: "%@ %.3f s", $0.name, $0.seconds) }
        return "rows.read=\(read) nodes.upserted=\(upserted) edges.created=\(edges) drift.found=\(drift); "
            + steps.joined(separator: ", ")
    }
}
