import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite struct InMemoryStoresTests {
    let start = Date(epochMilliseconds: 1_767_225_600_000)

    @Test func recordChangesSkipStaleVersionsOfARow() async throws {
        let records = InMemoryRecordStore()
        let row = Record(kind: .note, id: 1, createdAt: start)
        try await records.upsertRecords([row])
        var moved = row
        moved.updatedAt = start.addingTimeInterval(60)
        try await records.upsertRecords([moved])
        try await records.upsertRecords([row])

        let changes = try await records.changes(kind: .note, after: nil, limit: 10)
        #expect(changes == [row])
    }

    @Test func cacheEntriesExpireOnTheClock() async throws {
        let clock = ManualClock(start)
        let cache = InMemoryCacheStore(clock: clock)
        try await cache.set([CacheEntry(key: "k", value: Data("v".utf8), ttl: .seconds(10))])
        #expect(try await cache.get(["k"]).count == 1)
        clock.advance(by: .seconds(10))
        #expect(try await cache.get(["k"]).isEmpty)
    }

    @Test func retryAfterALostClaimThrowsConflict() async throws {
        let clock = ManualClock(start)
        let bus = InMemoryTaskBus(clock: clock)
        _ = try await bus.publish([UpkeepTask(id: "t", type: "job.sync", notBefore: start)])
        let first = try await bus.claim(consumer: "a", limit: 1, visibilityTimeout: .seconds(5), wait: .zero)
        clock.advance(by: .seconds(6))
        let second = try await bus.claim(consumer: "b", limit: 1, visibilityTimeout: .seconds(5), wait: .zero)
        #expect(second.first?.deliveryCount == 2)

        let lost = try #require(first.first)
        await #expect(throws: StoreError.self) {
            try await bus.retry(lost, notBefore: start, error: "boom")
        }
        try await bus.ack(lost)
        #expect(try await bus.extend(try #require(second.first), visibilityTimeout: .seconds(5)))
    }

    @Test func ledgerListsNewestFirst() async throws {
        let ledger = InMemoryRunLedger()
        let old = JobReport(id: "old", job: .sync, status: .succeeded, startedAt: start)
        let new = JobReport(id: "new", job: .sync, status: .running, startedAt: start.addingTimeInterval(1))
        try await ledger.record(old)
        try await ledger.record(new)
        #expect(try await ledger.reports(job: nil, limit: 10).map(\.id) == ["new", "old"])
    }
}
