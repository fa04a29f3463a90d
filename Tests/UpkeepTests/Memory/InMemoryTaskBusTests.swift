import Foundation
import Synchronization
import Testing
import Upkeep
import UpkeepTesting

@Suite struct InMemoryTaskBusTests {
    @Test func eightConsumersNeverShareAnyOfAThousandTasks() async throws {
        let clock = ManualClock(Fixture.epoch)
        let bus = InMemoryTaskBus(clock: clock)
        let ids = (0..<1_000).map { "task-\($0)" }
        _ = try await bus.publish(ids.map { UpkeepTask(id: $0, type: "job.test", notBefore: Fixture.epoch) })

        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for consumer in 0..<8 {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await bus.claim(
                            consumer: "worker-\(consumer)", limit: 3, visibilityTimeout: .seconds(60), wait: .zero)
                        if batch.isEmpty { return mine }
                        for delivery in batch { try await bus.ack(delivery) }
                        mine += batch.map(\.task.id)
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }

        #expect(claimed.count == 1_000)
        #expect(Set(claimed) == Set(ids))
    }

    @Test func waitingClaimWakesWhenAHiddenTaskBecomesVisible() async throws {
        let clock = ManualClock(Fixture.epoch)
        let bus = InMemoryTaskBus(clock: clock)
        _ = try await bus.publish([UpkeepTask(id: "later", type: "job.test", notBefore: Fixture.time(30))])

        let waiting = Task {
            try await bus.claim(consumer: "c", limit: 1, visibilityTimeout: .seconds(60), wait: .seconds(120))
        }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .seconds(30))

        #expect(try await waiting.value.map(\.task.id) == ["later"], "woken at notBefore, well before the deadline")
    }

    @Test func cancellingAWaitingClaimEndsIt() async throws {
        let clock = ManualClock(Fixture.epoch)
        let bus = InMemoryTaskBus(clock: clock)
        let waiting = Task {
            try await bus.claim(consumer: "c", limit: 1, visibilityTimeout: .seconds(60), wait: .seconds(600))
        }
        while clock.sleeperCount == 0 { await Task.yield() }
        waiting.cancel()

        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(clock.sleeperCount == 0, "the clock no longer holds the cancelled sleeper")
    }
}
