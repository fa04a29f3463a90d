import Foundation
import Synchronization
import Testing
import Upkeep

extension TaskBusConformance {
    static func deadLettersAreListedNewestFirst(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        _ = try await bus.publish([task("a", clock), task("b", clock), task("c", clock)])
        let deliveries = try await claimNow(bus, clock, hiding: 1)
        let byID = Dictionary(uniqueKeysWithValues: deliveries.map { ($0.task.id, $0) })
        let before = clock.now()
        try await bus.deadLetter(try #require(byID["a"]), reason: "first")
        try await clock.pass(0.01)
        try await bus.deadLetter(try #require(byID["b"]), reason: "second")

        let letters = try await bus.deadLetters(limit: 10)
        #expect(letters.map(\.task.id) == ["b", "a"], "newest first")
        #expect(letters.map(\.reason) == ["second", "first"])
        #expect(letters.allSatisfy { $0.failedAt >= before }, "stamped with the time of failure")
        #expect(Set(letters.map(\.id)).count == 2, "each dead letter has its own id")
        #expect(try await bus.deadLetters(limit: 1).map(\.task.id) == ["b"])

        try await clock.pass(1.5)
        #expect(try await claimNow(bus, clock).map(\.task.id) == ["c"], "dead letters are not redelivered")
    }

    static func redriveRepublishes(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        _ = try await bus.publish([task("t1", clock, key: "slot")])
        let first = try #require(try await claimNow(bus, clock).first)
        try await bus.retry(first, notBefore: clock.now(), error: "boom")
        let second = try #require(try await claimNow(bus, clock).first)
        #expect(second.task.attempt == 1)
        try await bus.deadLetter(second, reason: "gave up")

        let letter = try #require(try await bus.deadLetters(limit: 1).first)
        #expect(letter.task.attempt == 1, "the dead letter holds the task as last delivered")
        #expect(try await bus.redrive(deadLetterID: letter.id))
        #expect(try await bus.deadLetters(limit: 10).isEmpty)
        let redriven = try #require(try await claimNow(bus, clock).first, "the idempotency key does not stop a redrive")
        #expect(redriven.task.id == "t1" && redriven.task.attempt == 0)
        #expect(try await !bus.redrive(deadLetterID: letter.id), "a dead letter is redriven once")
        #expect(try await !bus.redrive(deadLetterID: "no-such-dead-letter"))
    }

    static func claimWakesForAPublishedTask(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        let finished = Mutex(false)
        let waiting = Task {
            defer { finished.withLock { $0 = true } }
            return try await bus.claim(
                consumer: "c1", limit: 1, visibilityTimeout: clock.duration(5), wait: clock.duration(4))
        }
        if let manual = clock.manual {
            _ = await clock.settle { manual.sleeperCount > 0 }
        }
        _ = try await bus.publish([task("t1", clock)])

        if let manual = clock.manual {
            for _ in 0..<30 where !finished.withLock({ $0 }) {
                _ = await clock.settle(patience: .milliseconds(50)) { finished.withLock { $0 } }
                manual.advance(by: clock.duration(0.1))
            }
        }
        let deliveries = try await waiting.value
        #expect(deliveries.map(\.task.id) == ["t1"], "a waiting claim takes a task published meanwhile")
    }

    static func claimGivesUpAfterItsWait(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        let started = ContinuousClock.now
        let waiting = Task {
            try await bus.claim(consumer: "c1", limit: 1, visibilityTimeout: clock.duration(5), wait: clock.duration(1))
        }
        if let manual = clock.manual {
            let suspended = await clock.settle { manual.sleeperCount > 0 }
            #expect(suspended, "a claim with a wait suspends on the clock it was given")
            manual.advance(by: clock.duration(1.5))
        }

        #expect(try await waiting.value.isEmpty)
        if clock.manual == nil {
            let waited = ContinuousClock.now - started
            #expect(waited >= clock.duration(0.5) && waited <= clock.duration(3), "the wait ended near its deadline")
        }
    }

    static func concurrentClaimsNeverShareATask(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        let ids = (1...200).map { "t\($0)" }
        _ = try await bus.publish(ids.map { task($0, clock) })

        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for consumer in 0..<8 {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let deliveries = try await claimNow(bus, clock, consumer: "c\(consumer)", limit: 5, hiding: 100)
                        if deliveries.isEmpty { return mine }
                        for delivery in deliveries { try await bus.ack(delivery) }
                        mine += deliveries.map(\.task.id)
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }

        #expect(claimed.count == ids.count, "no task was handed to two consumers")
        #expect(Set(claimed) == Set(ids), "every task was handed out")
    }

    static func emptyPublishesAndClaimsDoNothing(_ bus: any TaskBus, _ clock: CheckClock) async throws {
        #expect(try await bus.publish([]).isEmpty)
        #expect(try await claimNow(bus, clock).isEmpty)
        _ = try await bus.publish([task("t1", clock)])
        #expect(try await claimNow(bus, clock, limit: 0).isEmpty, "a zero limit claims nothing")
        #expect(try await claimNow(bus, clock).map(\.task.id) == ["t1"])
        #expect(try await bus.deadLetters(limit: 10).isEmpty)
    }
}
