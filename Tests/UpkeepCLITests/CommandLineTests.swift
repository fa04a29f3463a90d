import Foundation
import Testing
import Upkeep
import UpkeepSQLite

/// The `upkeep` executable, run as a child process.
@Suite(.serialized) struct CommandLineTests {
    let directory: URL

    init() throws {
        directory = try CLIProcess.temporaryDirectory()
    }

    private var databaseURL: URL { directory.appendingPathComponent("upkeep.sqlite") }

    // MARK: - Usage errors

    @Test func helpListsEveryCommandAndExitsZero() throws {
        let result = try CLIProcess.run(["--help"], in: directory)
        #expect(result.status == 0)
        for command in ["demo", "seed", "job NAME|all", "history", "cron next", "run", "status", "retry"] {
            #expect(result.standardOutput.contains(command))
        }
        let jobHelp = try CLIProcess.run(["job", "--help"], in: directory)
        #expect(jobHelp.status == 0)
        #expect(jobHelp.standardOutput.contains("--dry-run"))
    }

    @Test func unknownCommandExitsTwoNamingIt() throws {
        let result = try CLIProcess.run(["frobnicate"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("unknown command 'frobnicate'"))
    }

    @Test func unknownJobExitsTwoAndCreatesNothing() throws {
        let result = try CLIProcess.run(["job", "defrag"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("unknown job 'defrag'"))
        #expect(!FileManager.default.fileExists(atPath: databaseURL.path))
    }

    @Test func badOptionValueNamesTheOption() throws {
        let result = try CLIProcess.run(["history", "--limit", "zero"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("--limit expects a positive integer, got 'zero'"))

        let unknown = try CLIProcess.run(["demo", "--sclae", "2"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("unknown option '--sclae'"))
    }

    @Test func malformedConfigurationExitsTwoNamingFileAndKey() throws {
        let config = directory.appendingPathComponent("upkeep.json")
        try Data(#"{"relationships": {"halfLifeDays": "soon"}}"#.utf8).write(to: config)
        let result = try CLIProcess.run(["demo", "--config", config.path], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("relationships.halfLifeDays"))
        #expect(!FileManager.default.fileExists(atPath: databaseURL.path))
    }

    // MARK: - Bad database files

    @Test func missingDatabaseIsReportedAndNotCreated() throws {
        let result = try CLIProcess.run(["history"], in: directory)
        #expect(result.status == 1)
        #expect(result.standardError.contains("no database at upkeep.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: databaseURL.path))
    }

    @Test func corruptDatabaseIsReportedAndLeftUnchanged() throws {
        let garbage = Data("this is not a database, just some text\n".utf8)
        try garbage.write(to: databaseURL)
        let result = try CLIProcess.run(["job", "sync"], in: directory)
        #expect(result.status == 1)
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardError.contains("upkeep.sqlite"))
        #expect(try Data(contentsOf: databaseURL) == garbage)
    }

    @Test func newerSchemaVersionIsRefusedAndLeftUnchanged() async throws {
        let database = try await SQLiteDatabase(path: databaseURL.path)
        try await database.writer.withSession("bump") { session in
            try session.execute("PRAGMA user_version = \(SQLiteDatabase.schemaVersion + 1)")
        }
        await database.close()
        let before = try Data(contentsOf: databaseURL)

        let result = try CLIProcess.run(["history"], in: directory)
        #expect(result.status == 1)
        #expect(result.standardError.contains("\(SQLiteDatabase.schemaVersion + 1)"))
        #expect(try Data(contentsOf: databaseURL) == before)
    }

    // MARK: - Running jobs

    @Test func demoSeedsRunsAllJobsAndHistoryShowsThem() throws {
        let demo = try CLIProcess.run(["demo", "--scale", "0.01"], in: directory)
        #expect(demo.status == 0, "\(demo.standardError)")
        for job in JobName.all {
            #expect(demo.standardOutput.contains("\(job)  SUCCEEDED"))
        }

        let history = try CLIProcess.run(["history", "--json"], in: directory)
        #expect(history.status == 0)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let reports = try decoder.decode([JobReport].self, from: Data(history.standardOutput.utf8))
        #expect(Set(reports.map(\.job)) == Set(JobName.all))
        #expect(reports.allSatisfy { $0.status == .succeeded })

        let dryRun = try CLIProcess.run(["job", "cleanup", "--dry-run", "--json"], in: directory)
        #expect(dryRun.status == 0)
        let report = try decoder.decode(JobReport.self, from: Data(dryRun.standardOutput.utf8))
        #expect(report.dryRun)
        #expect(report.job == .cleanup)
    }

    // MARK: - Cron

    @Test func cronNextPrintsTheZonesRealOffsetAcrossSpringForward() throws {
        let result = try CLIProcess.run(
            [
                "cron", "next", "30 2 * * *", "--tz", "America/New_York", "--from", "2026-03-07T12:00:00Z", "--count",
                "3",
            ],
            in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput.split(separator: "\n") == [
                "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00",
            ])
    }

    @Test func cronNextRejectsABadExpressionNamingTheField() throws {
        let result = try CLIProcess.run(["cron", "next", "75 * * * *"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("minute"))
        #expect(result.standardError.contains("75"))
    }

    @Test func cronNextJSONLinesAnswersEachQuery() throws {
        let input = """
            {"expr": "0 0 29 2 *", "tz": "UTC", "from": "2026-01-01T00:00:00Z", "count": 1}
            not json
            {"expr": "0 0 * * mon", "tz": "Nowhere/Land"}

            """
        let result = try CLIProcess.run(["cron", "next", "--jsonl"], in: directory, input: input)
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"next":["2028-02-29T00:00:00+00:00"]}"#)
        #expect(lines[1].hasPrefix(#"{"error":"#))
        #expect(lines[2].contains("Nowhere/Land"))
    }
}
