import Foundation
import Testing
import Upkeep

extension TaskBusConformance {
    static func publishedTaskIsDelivered(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        let published = task("t1", clock, key: "slot-1")
        #expect(try await bus.publish([published]) == [.enqueued])

        let deliveries = try await claimNow(bus, clock)
        let delivery = try #require(deliveries.first)
        #expect(deliveries.count == 1)
        #expect(delivery.task == published, "id, type, payload, attempt, notBefore and key round-trip")
        #expect(delivery.deliveryCount == 1)
        #expect(!delivery.receipt.isEmpty)
        #expect(try await claimNow(bus, clock, consumer: "c2").isEmpty, "a claimed task is hidden from others")
    }

    static func idempotencyKeyPublishesOnce(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        let outcomes = try await bus.publish([
            task("a", clock, key: "slot"), task("b", clock, key: "slot"), task("c", clock),
        ])
        #expect(outcomes == [.enqueued, .duplicate, .enqueued], "a key repeated within a batch is a duplicate")
        #expect(try await bus.publish([task("d", clock, key: "slot")]) == [.duplicate], "while the first is pending")

        let deliveries = try await claimNow(bus, clock)
        #expect(Set(deliveries.map(\.task.id)) == ["a", "c"])
        for delivery in deliveries { try await bus.ack(delivery) }
        #expect(try await bus.publish([task("e", clock, key: "slot")]) == [.duplicate], "and after it was acked")
    }

    static func futureTasksStayHidden(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        _ = try await bus.publish([task("later", clock, at: clock.later(2)), task("now", clock)])

        #expect(try await claimNow(bus, clock).map(\.task.id) == ["now"], "a task is hidden before notBefore")
        try await clock.pass(2.5)
        #expect(try await claimNow(bus, clock).map(\.task.id) == ["later"])
    }

    static func claimsHonourTheLimit(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        _ = try await bus.publish((1...5).map { task("t\($0)", clock) })

        let first = try await claimNow(bus, clock, limit: 2)
        let second = try await claimNow(bus, clock, consumer: "c2", limit: 10)
        #expect(first.count == 2)
        #expect(second.count == 3)
        #expect(Set((first + second).map(\.task.id)) == ["t1", "t2", "t3", "t4", "t5"], "each task once")
    }

    static func unacknowledgedIsRedelivered(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        _ = try await bus.publish([task("t1", clock)])
        let first = try #require(try await claimNow(bus, clock, consumer: "a", hiding: 1).first)
        #expect(try await claimNow(bus, clock, consumer: "b").isEmpty)

        try await clock.pass(1.5)
        let again = try #require(try await claimNow(bus, clock, consumer: "b").first, "redelivered after the timeout")
        #expect(again.task.id == first.task.id)
        #expect(again.task.attempt == 0, "redelivery is not a retry")
        #expect(again.deliveryCount == 2)
    }

    static func acknowledgedTaskIsNeverRedelivered(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        _ = try await bus.publish([task("t1", clock), task("t2", clock)])
        let deliveries = try await claimNow(bus, clock, hiding: 1)
        let acked = try #require(deliveries.first { $0.task.id == "t1" })
        try await bus.ack(acked)

        try await clock.pass(1.5)
        #expect(try await claimNow(bus, clock).map(\.task.id) == ["t2"], "only the unacknowledged task comes back")
    }

    static func extendKeepsAClaimUntilItIsLost(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        _ = try await bus.publish([task("t1", clock)])
        let held = try #require(try await claimNow(bus, clock, consumer: "a", hiding: 2).first)
        try await clock.pass(1)
        #expect(try await bus.extend(held, visibilityTimeout: clock.duration(3)))

        try await clock.pass(1.5)
        #expect(try await claimNow(bus, clock, consumer: "b").isEmpty, "the extension outlived the first timeout")
        try await clock.pass(2)
        let taken = try await claimNow(bus, clock, consumer: "b")
        #expect(taken.map(\.task.id) == ["t1"], "the extended timeout still ends")
        #expect(try await !bus.extend(held, visibilityTimeout: clock.duration(3)), "a lost claim cannot be extended")
    }

    static func retryIncrementsTheAttempt(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        let published = task("t1", clock)
        _ = try await bus.publish([published])
        let delivery = try #require(try await claimNow(bus, clock).first)
        let notBefore = clock.later(2)
        try await bus.retry(delivery, notBefore: notBefore, error: "boom")

        #expect(try await claimNow(bus, clock).isEmpty, "a retried task waits for its new notBefore")
        try await clock.pass(2.5)
        let retried = try #require(try await claimNow(bus, clock).first)
        #expect(retried.task.id == published.id && retried.task.payload == published.payload)
        #expect(retried.task.attempt == 1)
        #expect(retried.task.notBefore == notBefore)
    }
}
