import Foundation
import Synchronization

/// A ``RunLedger`` held in process memory.
///
/// Reports are kept by id; listing sorts them newest first by `startedAt`, reports that started
/// at the same instant latest-recorded first. All state sits behind one `Mutex`; times are kept
/// to millisecond precision like every other backend.
public final class InMemoryRunLedger: RunLedger {
    private struct State {
        var reports: [String: (sequence: Int, report: JobReport)] = [:]
        var nextSequence = 0
    }

    private let state = Mutex(State())

    /// Creates an empty ledger.
    public init() {}

    public func record(_ report: JobReport) async throws {
        var stored = report
        stored.startedAt = report.startedAt.truncatedToMilliseconds
        stored.finishedAt = report.finishedAt?.truncatedToMilliseconds
        state.withLock { state in
            state.nextSequence += 1
            state.reports[stored.id] = (state.nextSequence, stored)
        }
    }

    /// Reports newest first, for one job or all; O(n log n) in the number of reports kept.
    public func reports(job: JobName?, limit: Int) async throws -> [JobReport] {
        state.withLock { state in
            guard limit > 0 else { return [] }
            let matching = state.reports.values.filter { job == nil || $0.report.job == job }
            let ordered = matching.sorted {
                ($0.report.startedAt, $0.sequence) > ($1.report.startedAt, $1.sequence)
            }
            return ordered.prefix(limit).map(\.report)
        }
    }

    public func report(id: String) async throws -> JobReport? {
        state.withLock { $0.reports[id]?.report }
    }
}
