import Foundation
import Testing
import Upkeep

/// The behaviour every ``RunLedger`` must show, as one check per behaviour.
///
/// ```swift
/// @Test(arguments: RunLedgerConformance.checks)
/// func runLedgerConforms(_ check: RunLedgerConformance.Check) async throws {
///     try await RunLedgerConformance.run(check) { InMemoryRunLedger() }
/// }
/// ```
///
/// The factory must return a fresh, empty ledger for every call.
public enum RunLedgerConformance {
    /// Makes a fresh, empty run ledger.
    public typealias Factory = @Sendable () async throws -> any RunLedger

    /// One behaviour of a run ledger.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// A recorded report reads back by id with every field and step.
        case recordedReportReadsBackByID
        /// Recording a report with an existing id replaces it.
        case recordingTheSameIDReplacesTheReport
        /// Reports are listed newest first by start time.
        case reportsComeNewestFirst
        /// Reports can be listed for one job.
        case reportsFilterByJob
        /// Listing returns at most the limit.
        case reportsHonourTheLimit
        /// An unknown id has no report.
        case unknownIDIsNil
        /// Reports recorded concurrently are all kept.
        case concurrentRecordsAreAllKept
        /// Times are stored rounded down to whole milliseconds.
        case timesKeepMillisecondPrecision

        /// The behaviour's name.
        public var description: String { rawValue }
    }

    /// Every check, in declaration order.
    public static var checks: [Check] { Check.allCases }

    /// Runs one check against a fresh ledger from `makeStore`.
    ///
    /// - Throws: an error from the ledger, or a ``ConformanceFailure`` when a check cannot go on.
    public static func run(_ check: Check, makeStore: Factory) async throws {
        let ledger = try await makeStore()
        switch check {
        case .recordedReportReadsBackByID: try await recordedReportReadsBackByID(ledger)
        case .recordingTheSameIDReplacesTheReport: try await recordingTheSameIDReplaces(ledger)
        case .reportsComeNewestFirst: try await reportsComeNewestFirst(ledger)
        case .reportsFilterByJob: try await reportsFilterByJob(ledger)
        case .reportsHonourTheLimit: try await reportsHonourTheLimit(ledger)
        case .unknownIDIsNil: try await unknownIDIsNil(ledger)
        case .concurrentRecordsAreAllKept: try await concurrentRecordsAreAllKept(ledger)
        case .timesKeepMillisecondPrecision: try await timesKeepMillisecondPrecision(ledger)
        }
    }

    static func report(_ id: String, _ job: JobName = .sync, startedAt seconds: Double) -> JobReport {
        JobReport(
            id: id, job: job, status: .succeeded, startedAt: Fixture.time(seconds),
            finishedAt: Fixture.time(seconds + 1))
    }

    // MARK: - Checks

    static func recordedReportReadsBackByID(_ ledger: any RunLedger) async throws {
        let full = JobReport(
            id: "run-1", job: .relationships, status: .failed, startedAt: Fixture.time(1),
            finishedAt: Fixture.time(2.5),
            dryRun: true, attempt: 2,
            steps: [
                StepReport(
                    name: "decay", outcome: .succeeded, counts: ["edges.scanned": 10], seconds: 0.25,
                    notes: ["weight NaN on 1 edge"]),
                StepReport(name: "boost", outcome: .failed, seconds: 1, error: "graph store: timeout"),
            ],
            errors: ["graph store: timeout"])
        try await ledger.record(full)

        #expect(try await ledger.report(id: "run-1") == full, "every field, steps included, round-trips")
    }

    static func recordingTheSameIDReplaces(_ ledger: any RunLedger) async throws {
        var running = JobReport(id: "run-1", job: .sync, status: .running, startedAt: Fixture.time(1))
        try await ledger.record(running)
        running.status = .succeeded
        running.finishedAt = Fixture.time(3)
        try await ledger.record(running)

        #expect(try await ledger.report(id: "run-1") == running)
        #expect(try await ledger.reports(job: nil, limit: 10) == [running], "the second write replaced the first")
    }

    static func reportsComeNewestFirst(_ ledger: any RunLedger) async throws {
        for (id, start) in [("b", 1.0), ("d", 3.0), ("a", 0.0), ("c", 2.0)] {
            try await ledger.record(report(id, startedAt: start))
        }
        #expect(try await ledger.reports(job: nil, limit: 10).map(\.id) == ["d", "c", "b", "a"])
    }

    static func reportsFilterByJob(_ ledger: any RunLedger) async throws {
        try await ledger.record(report("s1", .sync, startedAt: 1))
        try await ledger.record(report("c1", .cleanup, startedAt: 2))
        try await ledger.record(report("s2", .sync, startedAt: 3))

        #expect(try await ledger.reports(job: .sync, limit: 10).map(\.id) == ["s2", "s1"])
        #expect(try await ledger.reports(job: .cache, limit: 10).isEmpty)
        #expect(try await ledger.reports(job: nil, limit: 10).count == 3)
    }

    static func reportsHonourTheLimit(_ ledger: any RunLedger) async throws {
        for index in 0..<5 { try await ledger.record(report("r\(index)", startedAt: Double(index))) }

        #expect(try await ledger.reports(job: nil, limit: 2).map(\.id) == ["r4", "r3"])
        #expect(try await ledger.reports(job: nil, limit: 0).isEmpty)
    }

    static func unknownIDIsNil(_ ledger: any RunLedger) async throws {
        #expect(try await ledger.report(id: "missing") == nil)
        try await ledger.record(report("r1", startedAt: 1))
        #expect(try await ledger.report(id: "missing") == nil)
    }

    static func concurrentRecordsAreAllKept(_ ledger: any RunLedger) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { try await ledger.record(report("r\(index)", startedAt: Double(index))) }
            }
            try await group.waitForAll()
        }
        #expect(try await ledger.reports(job: nil, limit: 100).count == 50)
    }

    static func timesKeepMillisecondPrecision(_ ledger: any RunLedger) async throws {
        let precise = Fixture.epoch.addingTimeInterval(0.555_555_5)
        try await ledger.record(JobReport(id: "r", job: .sync, status: .running, startedAt: precise))

        let stored = try await ledger.report(id: "r")
        #expect(stored?.startedAt == Date(epochMilliseconds: Fixture.epoch.epochMilliseconds + 555))
    }
}
