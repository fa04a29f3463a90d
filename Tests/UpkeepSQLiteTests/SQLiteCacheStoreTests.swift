import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

@Suite struct SQLiteCacheStoreTests {
    @Test func expiredEntryIsNeverReturned() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let cache = try await directory.open(clock: clock).cache
        try await cache.set([
            CacheEntry(key: "short", value: Data("1".utf8), ttl: .seconds(10)),
            CacheEntry(key: "forever", value: Data("2".utf8), ttl: nil),
        ])

        clock.advance(by: .milliseconds(9_999))
        #expect(try await cache.get(["short", "forever", "missing"]).count == 2)
        clock.advance(by: .milliseconds(1))

        #expect(try await cache.get(["short", "forever"]) == ["forever": Data("2".utf8)])
        #expect(try await cache.delete(["short"]) == 0)
    }

    @Test func expiredRowsAreReclaimed() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let database = try await directory.open(clock: clock)
        try await database.cache.set((0..<10).map { CacheEntry(key: "k\($0)", value: Data(), ttl: .seconds(1)) })
        clock.advance(by: .seconds(2))

        let purged = try await database.cache.purgeExpired()

        let rows = try await database.reader.read("count") {
            try $0.first("SELECT count(*) FROM cache_entries") { $0.int64(0) }
        }
        #expect(purged == 10)
        #expect(rows == 0)
    }

    @Test func opportunisticSweepDeletesExpiredRowsDuringWrites() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let database = try await directory.open(clock: clock)
        try await database.cache.set([CacheEntry(key: "old", value: Data(), ttl: .seconds(1))])
        clock.advance(by: .seconds(2))

        let entries = (0..<SQLiteCacheStore.sweepInterval).map { CacheEntry(key: "n\($0)", value: Data(), ttl: nil) }
        try await database.cache.set(entries)

        let old = try await database.reader.read("count") {
            try $0.first("SELECT count(*) FROM cache_entries WHERE key = 'old'") { $0.int64(0) }
        }
        #expect(old == 0)
    }

    @Test func invalidateRemovesOnlyThatUsersKeys() async throws {
        let directory = try TemporaryDirectory()
        let cache = try await directory.open().cache
        try await cache.set([
            CacheEntry(key: "a", value: Data(), ttl: nil, user: "1"),
            CacheEntry(key: "b", value: Data(), ttl: nil, user: "1"),
            CacheEntry(key: "c", value: Data(), ttl: nil, user: "2"),
        ])
        try await cache.set([CacheEntry(key: "b", value: Data(), ttl: nil, user: "2")])

        #expect(try await cache.invalidate(user: "1") == 1)
        #expect(Set(try await cache.get(["a", "b", "c"]).keys) == ["b", "c"])
    }

    @Test func leaseIsAcquiredRenewedOnlyByHolderAndReacquiredAfterExpiry() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(start)
        let cache = try await directory.open(clock: clock).cache
        let (mine, theirs) = (Data("me".utf8), Data("them".utf8))

        #expect(try await cache.setIfAbsent("lease", value: mine, ttl: .seconds(10)))
        #expect(try await !cache.setIfAbsent("lease", value: theirs, ttl: .seconds(10)))
        #expect(try await !cache.expireIfEqual("lease", value: theirs, ttl: .seconds(30)))
        #expect(try await cache.expireIfEqual("lease", value: mine, ttl: .seconds(30)))
        clock.advance(by: .seconds(29))
        #expect(try await !cache.setIfAbsent("lease", value: theirs, ttl: .seconds(10)))
        clock.advance(by: .seconds(1))

        #expect(try await !cache.deleteIfEqual("lease", value: mine))
        #expect(try await cache.setIfAbsent("lease", value: theirs, ttl: .seconds(10)))
        #expect(try await cache.deleteIfEqual("lease", value: theirs))
    }

    @Test func keysWithQuotesAndControlCharactersAreFound() async throws {
        let directory = try TemporaryDirectory()
        let cache = try await directory.open().cache
        let keys = ["quote\"d", "back\\slash", "new\nline", "bell\u{7}", "ünï 🌍", ""]
        try await cache.set(keys.map { CacheEntry(key: $0, value: Data($0.utf8), ttl: nil) })

        let found = try await cache.get(keys + ["missing"])

        #expect(found == Dictionary(uniqueKeysWithValues: keys.map { ($0, Data($0.utf8)) }))
        #expect(try await cache.delete(keys) == keys.count)
    }

    @Test func nonPositiveTTLIsRejected() async throws {
        let directory = try TemporaryDirectory()
        let cache = try await directory.open().cache

        let error = await #expect(throws: StoreError.self) {
            try await cache.set([CacheEntry(key: "k", value: Data(), ttl: .zero)])
        }

        #expect(error?.code == .invalidInput)
    }
}
