import Foundation

/// The source of "now" for jobs, schedulers and stores, injectable so tests control time.
///
/// Named `UpkeepClock` rather than `Clock` so it never shadows the standard library's `Clock`
/// protocol in a host that imports Upkeep.
public protocol UpkeepClock: Sendable {
    /// The current instant.
    func now() -> Date

    /// Suspends until `deadline` on this clock, or throws `CancellationError` when cancelled.
    func sleep(until deadline: Date) async throws
}

extension UpkeepClock {
    /// Suspends for `duration` on this clock.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now().addingTimeInterval(duration.timeInterval))
    }
}

/// The real wall clock.
public struct SystemClock: UpkeepClock {
    /// Creates the wall clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        guard seconds > 0 else { return }
        try await Task.sleep(for: .seconds(seconds))
    }
}

extension Duration {
    /// The duration in seconds as a `TimeInterval`.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
