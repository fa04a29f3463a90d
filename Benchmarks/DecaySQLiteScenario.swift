import Foundation
import Upkeep
import UpkeepSQLite

/// The relationships job over ``SQLiteDatabase``'s graph store, against the seed's per-edge loop
/// with real per-row statements.
///
/// Setup (untimed): a template database with 1,000,000 edges and 3,000,000 interactions (times
/// `--scale`), written with large INSERT transactions and closed, which checkpoints the WAL into
/// the file. Each repetition copies the template to a fresh file and opens it (untimed), times
/// the job over all edges, then times the seed baseline over the first
/// ``SeedBaseline/defaultSample`` edges of the same file, and closes it. Every repetition
/// therefore starts from byte-identical data; the copy was just written, so the file is in the
/// operating system's page cache, as a database in steady use would be.
struct DecaySQLiteScenario: BenchmarkScenario {
    let name = "decay-sqlite"
    let summary = "relationships job on the SQLite graph vs the seed's per-row SELECT + UPDATE"

    func run(options: BenchmarkOptions) async throws -> BenchmarkResult {
        let clock = BenchmarkClock()
        let workload = DecayWorkload(scale: options.scale, now: clock.now())
        let template = options.directory.appendingPathComponent("decay-template.sqlite")
        let loadSeconds = try await Measure.seconds { try await createTemplate(at: template.path, workload) }
        let fileMiB =
            Double((try? FileManager.default.attributesOfItem(atPath: template.path)[.size] as? Int) ?? 0)
            / 1_048_576
        let sample = min(SeedBaseline.defaultSample, workload.edgeCount)

        var measurement = DecayMeasurement(edgeCount: workload.edgeCount)
        for repetition in 0..<max(1, options.repetitions) {
            let path = options.directory.appendingPathComponent("decay-run-\(repetition).sqlite").path
            try SQLiteFiles.copy(template.path, to: path)
            let database = try await SQLiteDatabase(path: path, clock: clock)
            let runner = JobRunner(
                environment: JobEnvironment(
                    graph: database.graph, records: database.records, cache: database.cache,
                    ledger: database.ledger, clock: clock))
            try await measurement.timeJob(runner)
            try await measurement.timeBaseline {
                try await SeedBaseline.run(on: database, sample: sample, now: workload.now)
            }
            await database.close()
            try SQLiteFiles.remove(path)
        }

        let storeMicroseconds = measurement.lastReport?.step("update-weights")?.counts["time.store.us"] ?? 0
        return measurement.result(
            scenario: name,
            notes: [
                String(
                    format: "last job run: %.3f s inside updateWeights (time.store.us)",
                    Double(storeMicroseconds) / 1e6),
                "\(workload.edgeCount) edges, \(workload.interactionCount) interactions; template "
                    + String(format: "%.0f MiB written in %.1f s (untimed)", fileMiB, loadSeconds),
                "each repetition runs on a fresh file copy of the template (copy and open untimed)",
                "baseline: first \(sample) edges in id order, per edge one SELECT count(*) by target id on "
                    + "the reader and one UPDATE by id on the writer, each its own autocommit call through "
                    + "SQLiteConnection.withSession; rate extrapolated to all edges",
            ])
    }

    // MARK: - Template

    /// Writes the workload's edges and interactions straight into a new database's tables, in
    /// the layout of schema version 2.
    ///
    /// The job reads only the relationship and interaction tables, so no node rows are written.
    /// Target ids are fixed: note `n` is target `n + 1`, tag `t` is target `noteCount + t + 1`;
    /// edge `i` is weights row `i + 1`. The trigger `interactions_latest` fills in each target's
    /// latest interaction as the interactions go in.
    private func createTemplate(at path: String, _ workload: DecayWorkload) async throws {
        let database = try await SQLiteDatabase(path: path)
        try await database.writer.write("load targets") { session in try Self.insertTargets(workload, session) }
        for batch in DecayWorkload.batches(of: workload.edgeCount) {
            try await database.writer.write("load edges") { session in
                try Self.insertEdges(batch, workload, session)
            }
        }
        for batch in DecayWorkload.batches(of: workload.interactionCount) {
            try await database.writer.write("load interactions") { session in
                try Self.insertInteractions(batch, workload, session)
            }
        }
        try await database.writer.withSession("analyze") { try $0.execute("ANALYZE") }
        await database.close()
    }

    /// The `interaction_targets` id of `node`, a note or a tag of `workload`.
    private static func targetID(_ node: NodeKey, _ workload: DecayWorkload) -> Int64 {
        let index = Int64(node.id) ?? 0
        return node.label == .note ? index + 1 : Int64(workload.noteCount) + index + 1
    }

    private static func insertTargets(_ workload: DecayWorkload, _ session: SQLiteSession) throws {
        try session.withStatement("INSERT INTO interaction_targets (id, label, node_id) VALUES (?1, ?2, ?3)") {
            statement in
            let notes = (0..<workload.noteCount).lazy.map { NodeKey(.note, Int64($0)) }
            let tags = (0..<workload.tagCount).lazy.map { NodeKey(.tag, Int64($0)) }
            for node in [notes, tags].joined() {
                defer { statement.reset() }
                try statement.bind([.integer(targetID(node, workload)), .text(node.label.rawValue), .text(node.id)])
                try statement.execute()
            }
        }
    }

    private static func insertEdges(_ batch: Range<Int>, _ workload: DecayWorkload, _ session: SQLiteSession) throws {
        try session.withStatement(
            """
            INSERT INTO relationship_weights (id, target, weight, created_at, updated_at, last_interaction_at,
                boosted_through, from_user, to_user)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """
        ) { weights in
            try session.withStatement(
                """
                INSERT INTO relationships (uid, id, type, from_label, from_id, to_label, to_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """
            ) { keys in
                for index in batch {
                    let edge = workload.edge(index)
                    let key = edge.key
                    let id = Int64(index + 1)
                    try weights.bind([
                        .integer(id), .integer(targetID(key.to, workload)), .real(edge.weight),
                        .integer(edge.createdAt.epochMilliseconds), .integer(edge.updatedAt.epochMilliseconds),
                        .integer(edge.lastInteractionAt?.epochMilliseconds ?? 0),
                        .integer(edge.boostedThrough?.epochMilliseconds ?? 0),
                        key.from.label == .user ? .text(key.from.id) : .null, .null,
                    ])
                    try weights.execute()
                    weights.reset()
                    try keys.bind([
                        .text(key.description), .integer(id), .text(key.type.rawValue),
                        .text(key.from.label.rawValue), .text(key.from.id),
                        .text(key.to.label.rawValue), .text(key.to.id),
                    ])
                    try keys.execute()
                    keys.reset()
                }
            }
        }
    }

    private static func insertInteractions(
        _ batch: Range<Int>,
        _ workload: DecayWorkload,
        _ session: SQLiteSession
    ) throws {
        try session.withStatement(
            """
            INSERT INTO interactions (id, user_label, user_id, target, kind, occurred_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """
        ) { statement in
            for index in batch {
                defer { statement.reset() }
                let interaction = workload.interaction(index)
                try statement.bind([
                    .text(interaction.id), .text(interaction.user.label.rawValue), .text(interaction.user.id),
                    .integer(targetID(interaction.target, workload)), .text(interaction.kind),
                    .integer(interaction.occurredAt.epochMilliseconds),
                ])
                try statement.execute()
            }
        }
    }
}
