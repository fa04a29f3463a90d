import Foundation
import Synchronization
import Upkeep

/// A clock the scenarios set by hand, so the data's ages and the jobs' "now" are the same on
/// every run.
///
/// It starts at 2026-01-01T00:00:00Z, like the demo data set. Jobs in these scenarios never
/// wait; should one, ``sleep(until:)`` moves the clock to the deadline and returns at once.
final class BenchmarkClock: UpkeepClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock to `date`.
    func set(to date: Date) {
        current.withLock { $0 = date }
    }

    func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        current.withLock { $0 = max($0, deadline) }
    }
}
