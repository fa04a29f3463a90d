import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

@Suite struct SQLiteTaskBusTests {
    @Test func claimedTaskOfADeadWorkerIsRedeliveredAfterItsVisibilityTimeout() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let bus = try await directory.open(clock: clock).taskBus
        _ = try await bus.publish([UpkeepTask(id: "t", type: "job.sync", notBefore: start)])

        let first = try await bus.claim(consumer: "dies", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        clock.advance(by: .seconds(29))
        let hidden = try await bus.claim(consumer: "other", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        clock.advance(by: .seconds(1))
        let second = try await bus.claim(consumer: "other", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)

        #expect(first.map(\.deliveryCount) == [1])
        #expect(hidden.isEmpty)
        #expect(second.map(\.task.id) == ["t"])
        #expect(second.map(\.deliveryCount) == [2])
        try await bus.ack(first[0])
        let lateRetry = await #expect(throws: StoreError.self) {
            try await bus.retry(first[0], notBefore: start, error: "late")
        }
        #expect(lateRetry?.code == .conflict)
        #expect(try await bus.extend(second[0], visibilityTimeout: .seconds(30)))
        try await bus.ack(second[0])
        clock.advance(by: .seconds(60))
        #expect(try await bus.claim(consumer: "x", limit: 1, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
    }

    @Test func idempotencyKeyIsForgottenAfterItsWindow() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let database = try await SQLiteDatabase(
            path: directory.path("bus.sqlite"), clock: clock, idempotencyWindow: .seconds(3_600))
        let bus = database.taskBus
        func publish(_ id: String) async throws -> [PublishOutcome] {
            try await bus.publish([UpkeepTask(id: id, type: "job.sync", notBefore: start, idempotencyKey: "slot")])
        }

        let first = try await publish("a")
        clock.advance(by: .milliseconds(3_599_999))
        let withinTheWindow = try await publish("b")
        clock.advance(by: .milliseconds(1))
        let afterTheWindow = try await publish("c")
        let keys = try await database.reader.withSession("count") { session in
            try session.query("SELECT count(*) FROM task_idempotency_keys") { $0.int64(0) }
        }

        #expect(first == [.enqueued])
        #expect(withinTheWindow == [.duplicate], "a key is a duplicate for the whole window")
        #expect(afterTheWindow == [.enqueued], "a key is free again once its window has passed")
        #expect(keys == [1], "forgotten keys are deleted, not kept")
    }

    @Test func taskSurvivesReopeningTheFile() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        do {
            let bus = try await directory.open(clock: clock).taskBus
            _ = try await bus.publish([UpkeepTask(id: "durable", type: "job.cleanup", notBefore: start)])
            _ = try await bus.claim(consumer: "crashes", limit: 1, visibilityTimeout: .seconds(5), wait: .zero)
        }
        clock.advance(by: .seconds(5))

        let bus = try await directory.open(clock: clock).taskBus
        let redelivered = try await bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(5), wait: .zero)

        #expect(redelivered.map(\.task.id) == ["durable"])
    }

    @Test func retryIsDelayedUntilNotBeforeWithTheAttemptCounted() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let bus = try await directory.open(clock: clock).taskBus
        _ = try await bus.publish([UpkeepTask(id: "t", type: "job.sync", notBefore: start)])
        let delivery = try await bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)[0]

        try await bus.retry(delivery, notBefore: at(60), error: "timeout")

        clock.advance(by: .seconds(59))
        #expect(try await bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        clock.advance(by: .seconds(1))
        let again = try await bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(again.map(\.task.attempt) == [1])
        #expect(again.map(\.task.notBefore) == [at(60)])
    }

    @Test func deadLetterIsListedAndRedrivenWithAttemptReset() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let bus = try await directory.open(clock: clock).taskBus
        _ = try await bus.publish([UpkeepTask(id: "t", type: "job.sync", attempt: 4, notBefore: start)])
        let delivery = try await bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)[0]

        try await bus.deadLetter(delivery, reason: "gave up")
        let letters = try await bus.deadLetters(limit: 10)

        #expect(letters.map(\.reason) == ["gave up"])
        #expect(letters.first?.task == delivery.task)
        #expect(letters.first?.failedAt == start)
        #expect(try await bus.redrive(deadLetterID: letters[0].id))
        #expect(try await !bus.redrive(deadLetterID: letters[0].id))
        #expect(try await bus.deadLetters(limit: 10).isEmpty)
        let again = try await bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(again.map(\.task.attempt) == [0])
        #expect(again.map(\.task.id) == ["t"])
    }

    @Test func idempotencyKeyIsPublishedOnceEvenAfterAck() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let bus = try await directory.open(clock: clock).taskBus
        let slot = { UpkeepTask(type: "job.sync", notBefore: start, idempotencyKey: "sync@00:00") }

        let outcomes = try await bus.publish([slot(), slot()])
        let delivery = try await bus.claim(consumer: "w", limit: 5, visibilityTimeout: .seconds(30), wait: .zero)
        try await bus.ack(delivery[0])
        let later = try await bus.publish([slot()])

        #expect(outcomes == [.enqueued, .duplicate])
        #expect(delivery.count == 1)
        #expect(later == [.duplicate])
    }

    @Test func waitingClaimPicksUpATaskPublishedWhileItWaits() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let bus = try await directory.open(clock: clock).taskBus

        async let claimed = bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(30), wait: .seconds(10))
        while clock.sleeperCount == 0 { await Task.yield() }
        _ = try await bus.publish([UpkeepTask(id: "late", type: "job.sync", notBefore: start)])
        clock.advance(by: bus.pollInterval)

        #expect(try await claimed.map(\.task.id) == ["late"])
    }

    @Test func waitingClaimGivesUpAfterItsWait() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let bus = try await directory.open(clock: clock).taskBus

        async let claimed = bus.claim(consumer: "w", limit: 1, visibilityTimeout: .seconds(30), wait: .seconds(1))
        while clock.now() < at(1) {
            while clock.sleeperCount == 0 { await Task.yield() }
            clock.advance(by: bus.pollInterval)
        }

        #expect(try await claimed.isEmpty)
    }

    @Test func parallelConsumersNeverShareATask() async throws {
        let directory = try TemporaryDirectory()
        let bus = try await directory.open().taskBus
        _ = try await bus.publish((0..<200).map { UpkeepTask(id: "t\($0)", type: "job", notBefore: start) })

        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await bus.claim(
                            consumer: "w\(worker)", limit: 7, visibilityTimeout: .seconds(300), wait: .zero
                        )
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.task.id)
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }

        #expect(claimed.count == 200)
        #expect(Set(claimed).count == 200)
    }
}
