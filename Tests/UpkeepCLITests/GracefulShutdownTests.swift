import Foundation
import Testing
import Upkeep
import UpkeepSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// `upkeep run` as a real process, stopped with SIGTERM while a job runs.
@Suite struct GracefulShutdownTests {
    @Test(.timeLimit(.minutes(3)))
    func sigtermDuringAJobEndsWithTheJobSettledAndExitCodeZero() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let seed = try CLIProcess.run(["seed", "--scale", "0.3"], in: directory)
        try #require(seed.status == 0, "\(seed.standardError)")

        let path = directory.appendingPathComponent("upkeep.sqlite").path
        let database = try await SQLiteDatabase(path: path)
        let payload = JobTaskPayload(job: .relationships)
        _ = try await database.taskBus.publish([payload.task(notBefore: Date())])

        let running = try CLIProcess.start(
            ["run", "--no-scheduler", "--workers", "1", "--log-level", "info"], in: directory)
        let report = try await waitForRunningReport(in: database)
        kill(running.process.processIdentifier, SIGTERM)
        running.process.waitUntilExit()

        let log = String(decoding: running.standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(running.process.terminationReason == .exit)
        #expect(running.process.terminationStatus == 0, "\(log)")
        #expect(log.contains("msg=\"shutting down\""))

        let settled = try #require(try await database.ledger.report(id: report.id))
        #expect([JobStatus.succeeded, .cancelled].contains(settled.status))
        #expect(settled.finishedAt != nil)
        if settled.status == .cancelled {
            let step = try #require(settled.step(RelationshipsJob.Step.updateWeights))
            #expect(step.outcome == .cancelled)
        }
        await database.close()
    }

    /// Polls the ledger until the worker has started the job.
    private func waitForRunningReport(in database: SQLiteDatabase) async throws -> JobReport {
        for _ in 0..<600 {
            if let report = try await database.ledger.reports(job: .relationships, limit: 1).first {
                return report
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }
}
