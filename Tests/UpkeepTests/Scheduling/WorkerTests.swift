import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite("Worker")
struct WorkerTests {
    private let flakyName = JobName("flaky")

    // MARK: - Success and retries

    @Test func successfulJobIsAcknowledgedAndReported() async throws {
        let fixture = SchedulingFixture()
        let job = BatchJob(batches: 3)
        let worker = fixture.worker(jobs: [job])
        try await fixture.publish(job.name)

        let outcomes = try await worker.poll()
        guard case .completed(let report) = try #require(outcomes.first) else {
            Issue.record("expected completion, got \(outcomes)")
            return
        }
        #expect(report.status == .succeeded)
        #expect(report.step("batches")?.counts["batches"] == 3)
        #expect(try await fixture.ledger.report(id: report.id)?.status == .succeeded)
        fixture.clock.advance(by: .seconds(3_600))
        #expect(try await fixture.drain().isEmpty)
    }

    @Test func retryDelaysFollowThePolicyAndTheLastAttemptDeadLetters() async throws {
        let fixture = SchedulingFixture()
        let job = FlakyJob(failures: .max)
        let policy = RetryPolicy(baseSeconds: 10, capSeconds: 30, maxAttempts: 4)
        let worker = fixture.worker(jobs: [job], retry: policy, seed: 99)
        try await fixture.publish(job.name, id: "task-1")

        var replay = SeededRandomNumberGenerator(seed: 99)
        for (attempt, ceiling) in [10.0, 20.0, 30.0].enumerated() {
            let failedAt = fixture.clock.now()
            let outcome = try #require(try await worker.poll().first)
            guard case .retrying(let report, let notBefore) = outcome else {
                Issue.record("attempt \(attempt): expected a retry, got \(outcome)")
                return
            }
            let delay = notBefore.timeIntervalSince(failedAt)
            #expect(delay >= 0 && delay <= ceiling)
            let expected = policy.delay(afterAttempt: attempt, using: &replay).timeInterval
            #expect((delay * 1000).rounded() == (expected * 1000).rounded())
            #expect(report.status == .retrying)
            #expect(report.attempt == attempt)
            #expect(report.errors == ["boom \(attempt + 1)"])

            fixture.clock.set(to: notBefore.addingTimeInterval(-0.001))
            #expect(try await worker.poll(wait: .zero).isEmpty)
            fixture.clock.set(to: notBefore)
        }

        let last = try #require(try await worker.poll().first)
        guard case .deadLettered(let reason, let report) = last else {
            Issue.record("expected a dead letter, got \(last)")
            return
        }
        #expect(reason == "job flaky failed on attempt 4 of 4: boom 4")
        #expect(report?.status == .failed)
        let deadLetters = try await fixture.bus.deadLetters(limit: 10)
        #expect(deadLetters.map(\.reason) == [reason])
        #expect(deadLetters.first?.task.id == "task-1")
        let statuses = try await fixture.ledger.reports(job: job.name, limit: 10).map(\.status)
        #expect(statuses == [.failed, .retrying, .retrying, .retrying])
        #expect(job.runCount == 4)
    }

    @Test func jobThatFailsTwiceThenSucceedsCompletesOnTheThirdAttempt() async throws {
        let fixture = SchedulingFixture()
        let job = FlakyJob(failures: 2)
        let worker = fixture.worker(jobs: [job], retry: RetryPolicy(baseSeconds: 5, capSeconds: 5, maxAttempts: 3))
        try await fixture.publish(job.name)
        var outcomes: [WorkOutcome] = []
        for _ in 0..<3 {
            outcomes += try await worker.poll()
            fixture.clock.advance(by: .seconds(5))
        }
        guard case .completed(let report) = try #require(outcomes.last) else {
            Issue.record("expected completion, got \(outcomes)")
            return
        }
        #expect(report.attempt == 2)
        #expect(job.runCount == 3)
    }

    @Test func retryPolicyCeilingDoublesUpToTheCap() {
        let policy = RetryPolicy(baseSeconds: 1, capSeconds: 100, maxAttempts: 10)
        #expect((0..<9).map { policy.ceiling(afterAttempt: $0) } == [1, 2, 4, 8, 16, 32, 64, 100, 100])
        #expect(policy.allowsRetry(afterAttempt: 8))
        #expect(!policy.allowsRetry(afterAttempt: 9))
        var random = SeededRandomNumberGenerator(seed: 1)
        let delays = (0..<1_000).map { _ in policy.delay(afterAttempt: 3, using: &random).timeInterval }
        #expect(delays.allSatisfy { $0 >= 0 && $0 <= 8 })
        #expect(delays.min()! < 1 && delays.max()! > 7)
    }

    // MARK: - Bad tasks

    @Test func malformedPayloadsAndUnknownJobsAreDeadLetteredAndTheWorkerCarriesOn() async throws {
        let fixture = SchedulingFixture()
        let job = BatchJob(batches: 1)
        let worker = fixture.worker(jobs: [job])
        let now = fixture.clock.now()
        _ = try await fixture.bus.publish([
            UpkeepTask(id: "garbage", type: "job.batches", payload: Data("not json".utf8), notBefore: now),
            UpkeepTask(id: "stranger", type: "job.nope", payload: Data(#"{"job":"nope"}"#.utf8), notBefore: now),
            UpkeepTask(id: "mismatch", type: "job.batches", payload: Data(#"{"job":"sync"}"#.utf8), notBefore: now),
            UpkeepTask(id: "email", type: "email.send", notBefore: now),
        ])
        try await fixture.publish(job.name, id: "good")

        var outcomes: [WorkOutcome] = []
        for _ in 0..<5 { outcomes += try await worker.poll() }

        let reasons = try await fixture.bus.deadLetters(limit: 10).reduce(into: [String: String]()) {
            $0[$1.task.id] = $1.reason
        }
        #expect(reasons.count == 4)
        #expect(reasons["garbage"]?.hasPrefix("malformed task garbage: payload is not a job payload") == true)
        #expect(reasons["stranger"] == #"unknown job "nope" in task stranger; this worker runs: batches"#)
        #expect(
            reasons["mismatch"]
                == #"malformed task mismatch: payload names job "sync" but the task type is "job.batches""#)
        #expect(reasons["email"] == #"malformed task email: task type "email.send" is not job.<name>"#)
        #expect(job.runCount == 1)
        #expect(outcomes.filter { if case .completed = $0 { true } else { false } }.count == 1)
    }

    // MARK: - Redelivery, overlap, timeouts

    @Test func workerKilledMidTaskHasItsTaskRedeliveredAndCompletedOnce() async throws {
        let fixture = SchedulingFixture()
        let job = BatchJob(batches: 2)
        try await fixture.publish(job.name, id: "task-1")

        // Worker "dead" claims the task, takes the running lease as a worker would, and dies.
        let abandoned = try #require(
            try await fixture.bus.claim(consumer: "dead", limit: 1, visibilityTimeout: .seconds(60), wait: .zero).first)
        _ = try await Lease.acquire(
            "upkeep:job:batches:running", owner: "dead", subject: abandoned.task.id, ttl: .seconds(60),
            cache: fixture.cache, clock: fixture.clock)

        let survivor = fixture.worker("alive", jobs: [job])
        #expect(try await survivor.poll(wait: .zero).isEmpty)
        fixture.clock.advance(by: .seconds(60))
        let outcome = try #require(try await survivor.poll().first)
        guard case .completed = outcome else {
            Issue.record("expected completion, got \(outcome)")
            return
        }
        #expect(job.runCount == 1)
        fixture.clock.advance(by: .seconds(3_600))
        #expect(try await survivor.poll(wait: .zero).isEmpty)
        #expect(try await fixture.cache.get(["upkeep:job:batches:running"]).isEmpty)
    }

    @Test func runWhilePreviousRunHoldsTheLeaseIsSkippedAndAcknowledged() async throws {
        let fixture = SchedulingFixture()
        let job = BatchJob(batches: 1)
        _ = try await Lease.acquire(
            "upkeep:job:batches:running", owner: "other", subject: "earlier-task", ttl: .seconds(60),
            cache: fixture.cache, clock: fixture.clock)
        try await fixture.publish(job.name)

        let outcome = try #require(try await fixture.worker(jobs: [job]).poll().first)
        guard case .skipped(let report) = outcome else {
            Issue.record("expected a skip, got \(outcome)")
            return
        }
        #expect(report.status == .skipped)
        #expect(report.errors == ["skipped: still running"])
        #expect(report.step("overlap")?.notes == ["skipped: still running (held by other for task earlier-task)"])
        #expect(try await fixture.ledger.report(id: report.id) == report)
        #expect(job.runCount == 0)
        fixture.clock.advance(by: .seconds(3_600))
        #expect(try await fixture.drain().isEmpty)
    }

    @Test func timedOutJobIsCancelledAndRetried() async throws {
        let fixture = SchedulingFixture()
        let job = StuckJob()
        let worker = fixture.worker(jobs: [job], timeoutSeconds: 120)
        try await fixture.publish(job.name)

        let polling = Task { try await worker.poll() }
        await job.started.wait()
        fixture.clock.advance(by: .seconds(120))
        let outcome = try #require(try await polling.value.first)
        guard case .retrying(let report, _) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(report.errors == ["cancelled", "timed out after 120.0 seconds"])
        #expect(report.step("wait")?.outcome == .cancelled)
        #expect(try await fixture.cache.get(["upkeep:job:stuck:running"]).isEmpty)
    }

    @Test func longJobKeepsExtendingItsClaim() async throws {
        let fixture = SchedulingFixture()
        let counting = CountingBus(fixture.bus)
        let gate = Gate()
        let job = BatchJob(batches: 1, gate: gate)
        let worker = fixture.worker(jobs: [job], bus: counting)
        try await fixture.publish(job.name)

        let polling = Task { try await worker.poll() }
        await job.started.wait()
        for beat in 1...6 {
            fixture.clock.advance(by: .seconds(20))
            #expect(try await waitUntil { counting.extendCount == beat })
        }
        let rival = try await fixture.bus.claim(
            consumer: "rival", limit: 1, visibilityTimeout: .seconds(60), wait: .zero)
        #expect(rival.isEmpty)

        gate.open()
        guard case .completed = try #require(try await polling.value.first) else {
            Issue.record("expected completion")
            return
        }
    }

    // MARK: - Shutdown

    @Test func cancellingRunStopsAnIdleWorker() async throws {
        let fixture = SchedulingFixture()
        let worker = fixture.worker(jobs: [BatchJob()])
        let running = Task { await worker.run() }
        #expect(try await waitUntil { fixture.clock.sleeperCount > 0 })
        running.cancel()
        await running.value
    }

    @Test func shutdownStopsTheJobAtABatchBoundaryAndRecordsItsReport() async throws {
        let fixture = SchedulingFixture()
        let gate = Gate()
        let job = BatchJob(batches: 5, gate: gate)
        let worker = fixture.worker(jobs: [job])
        try await fixture.publish(job.name, id: "task-1")

        let running = Task { await worker.run() }
        await job.started.wait()
        gate.open()
        #expect(try await waitUntil { job.batchCount == 1 })

        let stopping = Task { await worker.shutdown() }
        #expect(try await waitUntil { job.sawCancellation })
        gate.open()
        await stopping.value
        await running.value

        #expect(job.batchCount == 2)
        let report = try #require(try await fixture.ledger.reports(job: job.name, limit: 1).first)
        #expect(report.status == .cancelled)
        #expect(report.step("batches")?.counts["batches"] == 2)
        #expect(report.step("batches")?.outcome == .cancelled)
        #expect(try await fixture.cache.get(["upkeep:job:batches:running"]).isEmpty)

        // The unfinished task comes back after the visibility timeout, its attempt not used up.
        fixture.clock.advance(by: .seconds(60))
        let redelivered = try await fixture.drain()
        #expect(redelivered.map(\.id) == ["task-1"])
        #expect(redelivered.first?.attempt == 0)
    }
}
