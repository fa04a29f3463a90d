import Foundation
import Synchronization
import Testing
import Upkeep
import UpkeepTesting

@Suite("Scheduler")
struct SchedulerTests {
    private func key(_ job: JobName, _ slot: String) -> String {
        JobTaskPayload.idempotencyKey(job: job, slot: CronTimeFormat.date(from: slot)!)
    }

    // MARK: - One fire per slot

    @Test func twoSchedulersRacingFireEachSlotOnceOverAWeek() async throws {
        // Sunday 23:55:30: every default slot before it is older than its grace period.
        let fixture = SchedulingFixture(start: "2026-03-01T23:55:30Z")
        let end = fixture.clock.now().addingTimeInterval(7 * 86_400)
        let instances = [try fixture.scheduler("a"), try fixture.scheduler("b")]
        var random = SeededRandomNumberGenerator(seed: 2026)
        var pausedUntil = [Date.distantPast, .distantPast]
        var published: [String] = []

        while fixture.clock.now() < end {
            let step = Double(Int.random(in: 10...90, using: &random))
            fixture.clock.set(to: min(end, fixture.clock.now().addingTimeInterval(step)))
            let now = fixture.clock.now()
            for index in [0, 1].shuffled(using: &random) where now >= pausedUntil[index] || now == end {
                let tick = try await instances[index].tick()
                published += tick.published.compactMap(\.idempotencyKey)
                if tick.isLeader, Int.random(in: 0..<50, using: &random) == 0 {
                    // The leader stalls past its lease, so the other instance takes over.
                    pausedUntil[index] = now.addingTimeInterval(Double(Int.random(in: 40...150, using: &random)))
                }
            }
        }

        let tasks = try await fixture.drain()
        let weekOfSlots = 1_008 + 168 + 168 + 7 + 1
        #expect(tasks.count == weekOfSlots)
        #expect(Set(tasks.compactMap(\.idempotencyKey)).count == tasks.count)
        #expect(published.sorted() == tasks.compactMap(\.idempotencyKey).sorted())
        let counts: [String: Int] = Dictionary(grouping: tasks, by: \.type).mapValues(\.count)
        let expected: [String: Int] = [
            "job.relationships": 1_008, "job.sync": 168, "job.cache": 168, "job.statistics": 7, "job.cleanup": 1,
        ]
        #expect(counts == expected)
        #expect(tasks.contains { $0.idempotencyKey == key(.cleanup, "2026-03-08T02:00:00Z") })

        let a = await instances[0].statistics
        let b = await instances[1].statistics
        #expect(a.leadershipsAcquired + b.leadershipsAcquired > 2)
        #expect(a.missed + b.missed == 0)
    }

    @Test func splitBrainLeadersStillPublishEachSlotOnce() async throws {
        // Two instances that each hold a lease in their own cache: the worst case of the window
        // between the lease check and the publish. The bus's idempotency keys keep one task per slot.
        let fixture = SchedulingFixture(start: "2026-03-01T23:59:30Z")
        let schedules = [ScheduleConfiguration.relationships, .sync]
        let a = try fixture.scheduler("a", schedules: schedules, cache: InMemoryCacheStore(clock: fixture.clock))
        let b = try fixture.scheduler("b", schedules: schedules, cache: InMemoryCacheStore(clock: fixture.clock))
        var duplicates = 0
        for _ in 0..<(24 * 60) {
            fixture.clock.advance(by: .seconds(60))
            duplicates += try await a.tick().duplicates.count
            duplicates += try await b.tick().duplicates.count
        }
        let tasks = try await fixture.drain()
        #expect(tasks.count == 144 + 24)
        #expect(duplicates == 144 + 24)
    }

    // MARK: - Leases

    @Test func leaseHolderThatLostItsLeaseDoesNotPublish() async throws {
        let fixture = SchedulingFixture(start: "2026-03-02T09:59:50Z")
        let hooked = HookedCache(fixture.cache)
        let a = try fixture.scheduler("a", schedules: [.sync], cache: hooked)
        let b = try fixture.scheduler("b", schedules: [.sync])
        #expect(try await a.tick().isLeader)

        fixture.clock.set(to: CronTimeFormat.date(from: "2026-03-02T10:00:00Z")!)
        let clock = fixture.clock
        let takeover = Mutex<SchedulerTick?>(nil)
        hooked.beforeNextGet(of: "upkeep:scheduler:leader") {
            // Between a's renewal and its publish, a stalls past the lease and b takes over.
            clock.advance(by: .seconds(31))
            let tick = try await b.tick()
            takeover.withLock { $0 = tick }
        }
        let stale = try await a.tick()

        #expect(!stale.isLeader)
        #expect(stale.published.isEmpty)
        #expect(await a.statistics.leadershipsLost == 1)
        let fresh = try #require(takeover.withLock { $0 })
        let freshKeys = fresh.published.compactMap(\.idempotencyKey)
        #expect(freshKeys == [key(.sync, "2026-03-02T10:00:00Z")])
        #expect(try await fixture.drain().count == 1)
    }

    @Test func followerTakesOverOnlyAfterTheLeaseExpires() async throws {
        let fixture = SchedulingFixture(start: "2026-03-02T09:59:00Z")
        let a = try fixture.scheduler("a", schedules: [.sync])
        let b = try fixture.scheduler("b", schedules: [.sync])
        #expect(try await a.tick().isLeader)
        fixture.clock.advance(by: .seconds(29))
        #expect(try await !b.tick().isLeader)
        fixture.clock.advance(by: .seconds(1))
        #expect(try await b.tick().isLeader)
        #expect(try await !a.tick().isLeader)
    }

    // MARK: - Missed slots

    @Test func restartAfterThreeHoursFiresOneCoalescedRunPerScheduleWithinGrace() async throws {
        let fixture = SchedulingFixture(start: "2026-03-07T23:59:00Z")
        let before = try fixture.scheduler("before")
        _ = try await before.tick()
        fixture.clock.set(to: CronTimeFormat.date(from: "2026-03-08T00:05:00Z")!)
        let beforeDowntime = try await before.tick().published.compactMap(\.idempotencyKey)
        #expect(
            Set(beforeDowntime) == [
                key(.relationships, "2026-03-08T00:00:00Z"), key(.sync, "2026-03-08T00:00:00Z"),
                key(.statistics, "2026-03-08T00:00:00Z"),
            ])

        // Down for three hours; a new instance starts on Sunday 03:05.
        fixture.clock.set(to: CronTimeFormat.date(from: "2026-03-08T03:05:00Z")!)
        let after = try fixture.scheduler("after")
        let tick = try await after.tick()

        #expect(
            Set(tick.published.compactMap(\.idempotencyKey)) == [
                key(.relationships, "2026-03-08T03:00:00Z"), key(.sync, "2026-03-08T03:00:00Z"),
                key(.cleanup, "2026-03-08T02:00:00Z"),
            ])
        #expect(tick.missed == [.cache: 3])
        let statistics = await after.statistics
        #expect(statistics.coalesced == 17 + 2)
        #expect(statistics.missed == 3)
        #expect(try await after.tick().published.isEmpty)
    }

    @Test func scheduledTaskCarriesSlotPayloadAndJitter() async throws {
        let fixture = SchedulingFixture(start: "2026-03-02T09:59:00Z")
        var sync = ScheduleConfiguration.sync
        sync.jitterSeconds = 120
        sync.dryRun = true
        var cache = ScheduleConfiguration.cache
        cache.enabled = false
        let scheduler = try fixture.scheduler("a", schedules: [sync, cache])
        _ = try await scheduler.tick()
        fixture.clock.advance(by: .seconds(60))
        let task = try #require(try await scheduler.tick().published.first)

        let slot = CronTimeFormat.date(from: "2026-03-02T10:00:00Z")!
        let payload = try JobTaskPayload(decoding: task)
        #expect(payload == JobTaskPayload(job: .sync, dryRun: true, slot: slot))
        #expect(task.notBefore >= slot && task.notBefore <= slot.addingTimeInterval(120))
        #expect(task.idempotencyKey == key(.sync, "2026-03-02T10:00:00Z"))
    }

    @Test func scheduleEvaluatesInItsTimeZone() async throws {
        let fixture = SchedulingFixture(start: "2026-03-08T06:00:00Z")
        let daily = ScheduleConfiguration(job: .statistics, expression: "30 2 * * *", timeZone: "America/New_York")
        let scheduler = try fixture.scheduler("a", schedules: [daily])
        _ = try await scheduler.tick()
        // 02:30 does not exist in New York that day; the slot is 03:00 EDT, 07:00 UTC.
        fixture.clock.set(to: CronTimeFormat.date(from: "2026-03-08T07:00:00Z")!)
        let tick = try await scheduler.tick()
        let keys = tick.published.compactMap(\.idempotencyKey)
        #expect(keys == [key(.statistics, "2026-03-08T07:00:00Z")])
    }

    @Test func wildcardScheduleFiresInBothRepeatedHoursWithDistinctKeys() async throws {
        // New York falls back at 06:00Z on 2026-11-01: 01:00-01:59 happens twice.
        let fixture = SchedulingFixture(start: "2026-11-01T04:59:00Z")
        let halfHourly = ScheduleConfiguration(
            job: .relationships, expression: "*/30 * * * *", timeZone: "America/New_York",
            gracePeriodSeconds: 60)
        let scheduler = try fixture.scheduler("a", schedules: [halfHourly])
        _ = try await scheduler.tick()
        var keys: [String] = []
        for _ in 0..<545 {
            fixture.clock.advance(by: .seconds(30))
            keys += try await scheduler.tick().published.compactMap(\.idempotencyKey)
        }
        // 01:00 and 01:30 EDT, then 01:00 and 01:30 EST, then on to 04:30 EST.
        let expected = [
            "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z",
            "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z", "2026-11-01T08:00:00Z", "2026-11-01T08:30:00Z",
            "2026-11-01T09:00:00Z", "2026-11-01T09:30:00Z",
        ]
        #expect(keys == expected.map { key(.relationships, $0) })
    }

    @Test func invalidScheduleIsRejectedWithTheJobAndReason() {
        let bad = ScheduleConfiguration(job: .sync, expression: "0 25 * * *")
        #expect {
            _ = try SchedulingFixture().scheduler("a", schedules: [bad])
        } throws: { error in
            (error as? ScheduleConfigurationError)?.description
                == #"schedule sync: cron hour field "25": 25 is out of range 0-23"#
        }
    }

    // MARK: - Run loop

    @Test func runLoopFiresOnTheClockAndReleasesTheLeaseOnShutdown() async throws {
        let fixture = SchedulingFixture(start: "2026-03-02T09:59:00Z")
        let scheduler = try fixture.scheduler("a", schedules: [.sync])
        let running = Task { await scheduler.run() }
        #expect(try await waitUntil { await scheduler.isLeader && fixture.clock.sleeperCount > 0 })

        fixture.clock.set(to: CronTimeFormat.date(from: "2026-03-02T10:00:00Z")!)
        #expect(try await waitUntil { await scheduler.statistics.published == 1 })

        await scheduler.shutdown()
        await running.value
        #expect(try await fixture.cache.get(["upkeep:scheduler:leader"]).isEmpty)
    }

    @Test func cancellingRunStopsTheLoopAndReleasesTheLease() async throws {
        let fixture = SchedulingFixture(start: "2026-03-02T09:59:00Z")
        let scheduler = try fixture.scheduler("a", schedules: [.sync])
        let running = Task { await scheduler.run() }
        #expect(try await waitUntil { await scheduler.isLeader && fixture.clock.sleeperCount > 0 })

        running.cancel()
        await running.value
        #expect(await !scheduler.isLeader)
        #expect(try await fixture.cache.get(["upkeep:scheduler:leader"]).isEmpty)
    }

    @Test func configurationDecodesWithDefaults() throws {
        let json = #"{"schedules": [{"job": "sync", "timeZone": "Europe/London"}, {"job": "cache", "enabled": false}]}"#
        let configuration = try JSONDecoder().decode(SchedulerConfiguration.self, from: Data(json.utf8))
        #expect(configuration.leaseSeconds == 30)
        #expect(configuration.schedules[0].expression == "0 * * * *")
        #expect(configuration.schedules[0].timeZone == "Europe/London")
        #expect(configuration.schedules[0].gracePeriodSeconds == 1_800)
        #expect(configuration.schedules[1].expression == "30 * * * *")
        #expect(!configuration.schedules[1].enabled)
        #expect(configuration.schedules[1].overlap == .skip)
        let defaults = try JSONDecoder().decode(SchedulerConfiguration.self, from: Data("{}".utf8))
        #expect(
            defaults.schedules.map(\.expression) == [
                "*/10 * * * *", "0 * * * *", "30 * * * *", "0 0 * * *", "0 2 * * sun",
            ])
    }
}
