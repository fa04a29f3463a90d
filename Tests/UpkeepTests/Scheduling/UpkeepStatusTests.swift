import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite("Upkeep status")
struct UpkeepStatusTests {
    @Test func statusGathersSchedulesRunsOutcomesAndDeadLetters() async throws {
        let fixture = SchedulingFixture(start: "2026-03-02T09:59:00Z")
        let configuration = SchedulerConfiguration(schedules: [.sync, .statistics])
        let scheduler = try fixture.scheduler("a", schedules: configuration.schedules)
        _ = try await scheduler.tick()
        fixture.clock.set(to: CronTimeFormat.date(from: "2026-03-02T10:00:00Z")!)
        _ = try await scheduler.tick()

        let flaky = FlakyJob(name: .sync, failures: .max)
        let worker = fixture.worker(jobs: [flaky], retry: RetryPolicy(maxAttempts: 1))
        _ = try await worker.poll()
        let now = fixture.clock.now()
        let running = JobReport(job: .statistics, status: .running, startedAt: now)
        try await fixture.ledger.record(running)

        let status = try await UpkeepStatus.gather(
            configuration: configuration, cache: fixture.cache, bus: fixture.bus, ledger: fixture.ledger, now: now)

        #expect(status.schedules.map(\.configuration.job) == [.sync, .statistics])
        #expect(status.schedules[0].nextFire == CronTimeFormat.date(from: "2026-03-02T11:00:00Z"))
        #expect(status.schedules[0].lastHandledSlot == CronTimeFormat.date(from: "2026-03-02T10:00:00Z"))
        #expect(status.schedules[1].nextFire == CronTimeFormat.date(from: "2026-03-03T00:00:00Z"))
        #expect(status.running.map(\.id) == [running.id])
        #expect(status.lastOutcomes[.sync]?.status == .failed)
        #expect(status.lastOutcomes[.statistics] == nil)
        let deadLetter = try #require(status.deadLetters.first)
        #expect(deadLetter.reason == "job sync failed on attempt 1 of 1: boom 1")

        #expect(try await fixture.bus.redrive(deadLetterID: deadLetter.id))
        let redriven = try await fixture.drain()
        #expect(redriven.map(\.type) == ["job.sync"])
    }

    @Test func payloadRoundTripsThroughATask() throws {
        let slot = Date(epochMilliseconds: 1_772_445_600_000)
        let payload = JobTaskPayload(job: .cleanup, dryRun: true, force: true, slot: slot)
        let task = payload.task(
            notBefore: slot, idempotencyKey: JobTaskPayload.idempotencyKey(job: .cleanup, slot: slot))
        #expect(task.type == "job.cleanup")
        #expect(task.idempotencyKey == "schedule:cleanup:1772445600000")
        #expect(
            String(decoding: task.payload, as: UTF8.self)
                == #"{"dryRun":true,"force":true,"job":"cleanup","slot":1772445600000}"#)
        #expect(try JobTaskPayload(decoding: task) == payload)
        let manual = UpkeepTask(type: "job.sync", payload: Data(#"{"job":"sync"}"#.utf8), notBefore: slot)
        #expect(try JobTaskPayload(decoding: manual) == JobTaskPayload(job: .sync))
    }
}
