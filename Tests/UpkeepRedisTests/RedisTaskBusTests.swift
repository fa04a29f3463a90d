import Foundation
import Testing
import Upkeep
import UpkeepTesting

@testable import UpkeepRedis

@Suite("Redis task bus", .redisServer)
struct RedisTaskBusTests {
    private static let start = Date(epochMilliseconds: 1_767_225_600_000)

    private func makeBus(
        version: RedisConfiguration.ProtocolVersion = .resp3,
        clock: any UpkeepClock = SystemClock()
    ) async throws -> (RedisTaskBus, RedisClient) {
        let client = try await RedisTestServer.client(protocolVersion: version)
        let bus = RedisTaskBus(
            client: client, name: UUID().uuidString, keyPrefix: "test:bus:", pollInterval: .milliseconds(20),
            clock: clock)
        return (bus, client)
    }

    private func task(_ type: String, at date: Date = start, key: String? = nil) -> UpkeepTask {
        UpkeepTask(type: type, payload: Data(#"{"n":1}"#.utf8), notBefore: date, idempotencyKey: key)
    }

    @Test(arguments: [RedisConfiguration.ProtocolVersion.resp2, .resp3])
    func publishedTasksAreClaimedOnceAndAcknowledged(version: RedisConfiguration.ProtocolVersion) async throws {
        let (bus, client) = try await makeBus(version: version)
        defer { client.close() }
        let tasks = (0..<5).map { task("job.\($0)") }

        #expect(try await bus.publish(tasks) == Array(repeating: .enqueued, count: 5))
        let first = try await bus.claim(consumer: "a", limit: 3, visibilityTimeout: .seconds(30), wait: .zero)
        let second = try await bus.claim(consumer: "b", limit: 10, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(first.map(\.task) + second.map(\.task) == tasks)
        #expect((first + second).allSatisfy { $0.deliveryCount == 1 })

        for delivery in first + second { try await bus.ack(delivery) }
        #expect(try await client.send(RedisCommand("XLEN", bus.streamKey)) == .integer(0))
        #expect(try await bus.claim(consumer: "a", limit: 10, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
    }

    @Test func aRepeatedIdempotencyKeyIsADuplicate() async throws {
        let (bus, client) = try await makeBus()
        defer { client.close() }
        let outcomes = try await bus.publish([
            task("a", key: "slot-1"), task("b", key: "slot-1"), task("c", key: "slot-2"),
        ])
        #expect(outcomes == [.enqueued, .duplicate, .enqueued])
        #expect(try await bus.publish([task("d", key: "slot-2")]) == [.duplicate])
        let claimed = try await bus.claim(consumer: "a", limit: 10, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(claimed.map(\.task.type) == ["a", "c"])
    }

    @Test func aDelayedTaskIsDeliveredOnlyOnceItsTimeComes() async throws {
        let clock = ManualClock(Self.start)
        let (bus, client) = try await makeBus(clock: clock)
        defer { client.close() }
        let later = task("later", at: Self.start.addingTimeInterval(60))

        #expect(try await bus.publish([later]) == [.enqueued])
        #expect(try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        clock.advance(by: .seconds(60))
        let claimed = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(claimed.map(\.task) == [later])
    }

    @Test func aTaskWhoseWorkerVanishedIsRedeliveredExactlyOnce() async throws {
        let clock = ManualClock(Self.start)
        let (bus, client) = try await makeBus(clock: clock)
        defer { client.close() }
        let work = task("work")
        _ = try await bus.publish([work])

        let lost = try await bus.claim(consumer: "vanished", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(lost.map(\.task) == [work])
        #expect(try await bus.claim(consumer: "b", limit: 5, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)

        clock.advance(by: .seconds(31))
        let claims = try await withThrowingTaskGroup(of: [TaskDelivery].self) { group in
            for consumer in ["b", "c", "d", "e"] {
                group.addTask {
                    try await bus.claim(consumer: consumer, limit: 5, visibilityTimeout: .seconds(30), wait: .zero)
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claims.map(\.task) == [work], "exactly one consumer gets the stalled task")
        #expect(claims.first?.deliveryCount == 2)

        try await bus.ack(claims[0])
        #expect(try await !bus.extend(lost[0], visibilityTimeout: .seconds(30)))
        clock.advance(by: .seconds(60))
        #expect(try await bus.claim(consumer: "f", limit: 5, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
    }

    @Test func extendKeepsAClaimAndFailsForALostOne() async throws {
        let clock = ManualClock(Self.start)
        let (bus, client) = try await makeBus(clock: clock)
        defer { client.close() }
        _ = try await bus.publish([task("long")])
        let claimed = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        clock.advance(by: .seconds(20))
        #expect(try await bus.extend(claimed[0], visibilityTimeout: .seconds(30)))

        clock.advance(by: .seconds(20))
        #expect(try await bus.claim(consumer: "b", limit: 1, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        clock.advance(by: .seconds(11))
        let stolen = try await bus.claim(consumer: "b", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(stolen.map(\.task) == claimed.map(\.task))
        #expect(try await !bus.extend(claimed[0], visibilityTimeout: .seconds(30)))
        #expect(try await bus.extend(stolen[0], visibilityTimeout: .seconds(30)))
    }

    @Test func settlingALostClaimNeverDisturbsTheNewHolder() async throws {
        let clock = ManualClock(Self.start)
        let (bus, client) = try await makeBus(clock: clock)
        defer { client.close() }
        _ = try await bus.publish([task("contested")])
        let old = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(5), wait: .zero)
        clock.advance(by: .seconds(6))
        let new = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(5), wait: .zero)
        #expect(new.first?.deliveryCount == 2)

        try await bus.ack(old[0])
        await #expect {
            try await bus.retry(old[0], notBefore: Self.start, error: "late")
        } throws: { error in
            (error as? StoreError)?.code == .conflict
        }
        await #expect {
            try await bus.deadLetter(old[0], reason: "late")
        } throws: { error in
            (error as? StoreError)?.code == .conflict
        }
        #expect(try await bus.extend(new[0], visibilityTimeout: .seconds(30)))
        try await bus.ack(new[0])
        #expect(try await client.send(RedisCommand("XLEN", bus.streamKey)) == .integer(0))
        #expect(try await client.send(RedisCommand("ZCARD", bus.deadlineKey)) == .integer(0))
    }

    @Test func retryRepublishesWithTheNextAttemptWhenDue() async throws {
        let clock = ManualClock(Self.start)
        let (bus, client) = try await makeBus(clock: clock)
        defer { client.close() }
        _ = try await bus.publish([task("flaky")])
        let first = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)

        try await bus.retry(first[0], notBefore: Self.start.addingTimeInterval(10), error: "timeout")
        #expect(try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        clock.advance(by: .seconds(10))
        let second = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(second.map(\.task.attempt) == [1])
        #expect(second.first?.task.id == first[0].task.id)
        #expect(second.first?.task.notBefore == Self.start.addingTimeInterval(10))
    }

    @Test func deadLettersAreListedNewestFirstAndRedrivenOnce() async throws {
        let (bus, client) = try await makeBus()
        defer { client.close() }
        var failing = task("broken")
        failing.attempt = 4
        _ = try await bus.publish([failing, task("also-broken")])
        let claimed = try await bus.claim(consumer: "a", limit: 2, visibilityTimeout: .seconds(30), wait: .zero)
        try await bus.deadLetter(claimed[0], reason: "gave up after 5 attempts")
        try await bus.deadLetter(claimed[1], reason: "bad payload")

        let letters = try await bus.deadLetters(limit: 10)
        #expect(letters.map(\.reason) == ["bad payload", "gave up after 5 attempts"])
        #expect(letters.last?.task == failing)
        #expect(try await bus.redrive(deadLetterID: letters[1].id))
        #expect(try await !bus.redrive(deadLetterID: letters[1].id))
        #expect(try await !bus.redrive(deadLetterID: "not-an-id"))

        let again = try await bus.claim(consumer: "a", limit: 5, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(again.map(\.task.id) == [failing.id])
        #expect(again.first?.task.attempt == 0)
        #expect(try await bus.deadLetters(limit: 10).map(\.reason) == ["bad payload"])
    }

    @Test func claimWaitsForATaskPublishedWhileItBlocks() async throws {
        let (bus, client) = try await makeBus()
        defer { client.close() }
        let late = task("late")
        async let claimed = bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .seconds(10))
        _ = try await bus.publish([late])
        #expect(try await claimed.map(\.task) == [late])
    }

    @Test(.timeLimit(.minutes(1)))
    func aWaitingClaimEndsWhenItsClockPassesTheDeadline() async throws {
        let clock = ManualClock(Self.start)
        let (bus, client) = try await makeBus(clock: clock)
        defer { client.close() }

        let claimed = try await withThrowingTaskGroup(of: [TaskDelivery]?.self) { group in
            group.addTask {
                try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .seconds(3_600))
            }
            // Keeps moving the clock, since the claim may read it before or after any one move.
            group.addTask {
                while !Task.isCancelled {
                    clock.advance(by: .seconds(3_601))
                    await Task.yield()
                }
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        #expect(claimed?.isEmpty == true)
    }

    @Test func anUndecodableEntryIsMovedAsideInsteadOfBlockingTheGroup() async throws {
        let (bus, client) = try await makeBus()
        defer { client.close() }
        _ = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(30), wait: .zero)
        try await client.send(RedisCommand("XADD", bus.streamKey, "*", "task", "not json"))
        let good = task("good")
        _ = try await bus.publish([good])

        let claimed = try await bus.claim(consumer: "a", limit: 5, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(claimed.map(\.task) == [good])
        #expect(try await client.send(RedisCommand("XLEN", bus.deadLetterKey)) == .integer(1))
    }

    @Test func aForeignReceiptIsRejectedAsInvalidInput() async throws {
        let (bus, client) = try await makeBus()
        defer { client.close() }
        let delivery = TaskDelivery(task: task("x"), receipt: "garbage", deliveryCount: 1)
        await #expect {
            try await bus.ack(delivery)
        } throws: { error in
            (error as? StoreError)?.code == .invalidInput
        }
    }
}
