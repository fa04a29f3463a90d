import Foundation
import Upkeep

/// How the time-dependent conformance checks (cache expiry, task visibility) move time forward.
///
/// - ``manual``: the suite hands the store factory a ``ManualClock`` and advances it, so a check
///   takes microseconds and never waits on wall time. Use it for every store that reads time from
///   the clock it is given (in-memory, SQLite).
/// - ``real(unit:)``: for stores whose expiry is kept by a server (Redis TTLs, stream idle
///   times), which cannot follow a manual clock. The factory gets a ``SystemClock`` and the
///   suite sleeps for real. Every check expresses time in multiples of `unit` and never looks
///   closer than half a unit to a deadline, so a unit of 1 s tolerates half a second of
///   scheduling jitter; the slowest check then takes about 5 units.
public struct ConformanceTime: Sendable {
    enum Mode: Sendable {
        case manual
        case real
    }

    let mode: Mode
    /// The length of one step of time in the checks.
    public let unit: Duration

    /// Time follows a ``ManualClock`` the suite advances; one unit is a minute of fake time.
    public static let manual = ConformanceTime(mode: .manual, unit: .seconds(60))

    /// Time is the wall clock; each unit is `unit` long (at least 200 ms, default 1 s).
    public static func real(unit: Duration = .seconds(1)) -> ConformanceTime {
        ConformanceTime(mode: .real, unit: max(unit, .milliseconds(200)))
    }

    /// Starts the time of one check: a fresh clock for the store and the means to move it.
    func start() -> CheckClock {
        switch mode {
        case .manual:
            let clock = ManualClock(Fixture.epoch)
            return CheckClock(clock: clock, manual: clock, unit: unit)
        case .real:
            return CheckClock(clock: SystemClock(), manual: nil, unit: unit)
        }
    }
}

/// The time of one running check.
struct CheckClock: Sendable {
    /// The clock handed to the store factory.
    let clock: any UpkeepClock
    /// The same clock when time is manual.
    let manual: ManualClock?
    let unit: Duration

    /// The current instant rounded down to whole milliseconds.
    func now() -> Date { Date(epochMilliseconds: clock.now().epochMilliseconds) }

    /// `units` units of time as a duration.
    func duration(_ units: Double) -> Duration { unit * units }

    /// The instant `units` units from now, rounded down to whole milliseconds.
    func later(_ units: Double) -> Date {
        let millis = Int64((duration(units).timeInterval * 1000).rounded(.down))
        return Date(epochMilliseconds: now().epochMilliseconds + millis)
    }

    /// Lets `units` units of time pass: advances the manual clock or sleeps on the wall clock.
    func pass(_ units: Double) async throws {
        if let manual {
            manual.advance(by: duration(units))
        } else {
            try await Task.sleep(for: duration(units))
        }
    }

    /// Waits until `condition` holds, yielding to other tasks, for at most `patience` of wall time.
    ///
    /// Used to let a concurrently running store call reach its suspension point; returns whether
    /// the condition came true. It only yields, so it never delays a check whose condition holds.
    func settle(patience: Duration = .seconds(5), until condition: () -> Bool) async -> Bool {
        let limit = ContinuousClock.now + patience
        while !condition() {
            guard ContinuousClock.now < limit else { return false }
            await Task.yield()
        }
        return true
    }
}
