import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

/// The scheduler's one-fire-per-slot guarantee on a shared SQLite file.
@Suite struct SQLiteSchedulerRaceTests {
    @Test func twoSchedulersOnOneSQLiteFileFireEachSlotOnceOverASimulatedWeek() async throws {
        // Sunday 2026-03-01 23:55:30Z: every default slot before it is older than its grace period.
        let clock = ManualClock(Date(epochMilliseconds: 1_772_409_330_000))
        let directory = try TemporaryDirectory()
        let first = try await directory.open(clock: clock)
        let second = try await directory.open(clock: clock)
        let schedulers = try [first, second].enumerated().map { index, database in
            try Scheduler(
                configuration: SchedulerConfiguration(), cache: database.cache, bus: database.taskBus, clock: clock,
                instanceID: "instance-\(index)", random: SeededRandomNumberGenerator(seed: UInt64(index)))
        }

        let end = clock.now().addingTimeInterval(7 * 86_400)
        var random = SeededRandomNumberGenerator(seed: 2026)
        var pausedUntil = [Date.distantPast, .distantPast]
        while clock.now() < end {
            clock.set(to: min(end, clock.now().addingTimeInterval(Double(Int.random(in: 20...120, using: &random)))))
            let now = clock.now()
            for index in [0, 1].shuffled(using: &random) where now >= pausedUntil[index] || now == end {
                let tick = try await schedulers[index].tick()
                if tick.isLeader, Int.random(in: 0..<40, using: &random) == 0 {
                    // The leader stalls past its lease, so the other instance takes over.
                    pausedUntil[index] = now.addingTimeInterval(Double(Int.random(in: 40...150, using: &random)))
                }
            }
        }

        var tasks: [UpkeepTask] = []
        while true {
            let claimed = try await first.taskBus.claim(
                consumer: "drain", limit: 500, visibilityTimeout: .seconds(3_600), wait: .zero)
            guard !claimed.isEmpty else { break }
            tasks += claimed.map(\.task)
        }
        let counts = Dictionary(grouping: tasks, by: \.type).mapValues(\.count)
        #expect(
            counts == [
                "job.relationships": 1_008, "job.sync": 168, "job.cache": 168, "job.statistics": 7, "job.cleanup": 1,
            ])
        #expect(Set(tasks.compactMap(\.idempotencyKey)).count == tasks.count)

        let statistics = [await schedulers[0].statistics, await schedulers[1].statistics]
        #expect(statistics.allSatisfy { $0.leadershipsAcquired > 0 }, "both instances led at some point")
        await first.close()
        await second.close()
    }
}
