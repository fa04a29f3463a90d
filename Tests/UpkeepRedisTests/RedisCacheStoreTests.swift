import Foundation
import Synchronization
import Testing
import Upkeep

@testable import UpkeepRedis

@Suite("Redis cache store", .redisServer)
struct RedisCacheStoreTests {
    private func makeStore(_ test: String = #function) async throws -> (RedisCacheStore, RedisClient) {
        let client = try await RedisTestServer.client()
        return (RedisCacheStore(client: client, keyPrefix: RedisTestServer.uniquePrefix(test)), client)
    }

    @Test func writesAndReadsManyEntriesInOneBatch() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        let entries = (0..<500).map { CacheEntry(key: "k\($0)", value: Data("v\($0)".utf8), ttl: .seconds(60)) }

        try await store.set(entries)
        let values = try await store.get(entries.map(\.key) + ["absent"])
        #expect(values.count == 500)
        #expect(values["k42"] == Data("v42".utf8))
        #expect(values["absent"] == nil)
        #expect(try await store.delete(["k1", "k2", "absent"]) == 2)
    }

    @Test func entriesCarryTheirTTLAsMilliseconds() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        try await store.set([
            CacheEntry(key: "short", value: Data("s".utf8), ttl: .milliseconds(1_500)),
            CacheEntry(key: "forever", value: Data("f".utf8), ttl: nil),
        ])
        let ttl = try await client.send(RedisCommand("PTTL", store.keyPrefix + "short")).int ?? -3
        #expect(ttl > 0 && ttl <= 1_500)
        #expect(try await client.send(RedisCommand("PTTL", store.keyPrefix + "forever")) == .integer(-1))
    }

    @Test func invalidatingAUserDeletesOnlyThatUsersKeys() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        let user = "user-\(UUID().uuidString.prefix(6))"
        try await store.set([
            CacheEntry(key: "a", value: Data("1".utf8), ttl: .seconds(60), user: user),
            CacheEntry(key: "b", value: Data("2".utf8), ttl: nil, user: user),
            CacheEntry(key: "c", value: Data("3".utf8), ttl: .seconds(60), user: "someone-else"),
        ])
        _ = try await store.delete(["a"])

        #expect(try await store.invalidate(user: user) == 1)
        #expect(try await store.get(["a", "b", "c"]).keys.sorted() == ["c"])
        #expect(try await store.invalidate(user: user) == 0)
    }

    @Test func aUserIndexExpiresWithTheUsersLongestLivedEntry() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        let index = store.userIndexPrefix + "u"
        try await store.set([CacheEntry(key: "a", value: Data(), ttl: .seconds(30), user: "u")])
        try await store.set([CacheEntry(key: "b", value: Data(), ttl: .seconds(90), user: "u")])
        try await store.set([CacheEntry(key: "c", value: Data(), ttl: .seconds(10), user: "u")])
        let ttl = try await client.send(RedisCommand("PTTL", index)).int ?? 0
        #expect(ttl > 60_000 && ttl <= 90_000)

        try await store.set([CacheEntry(key: "d", value: Data(), ttl: nil, user: "u")])
        try await store.set([CacheEntry(key: "e", value: Data(), ttl: .seconds(5), user: "u")])
        #expect(try await client.send(RedisCommand("PTTL", index)) == .integer(-1))
    }

    @Test func leaseOperationsAreOnlyHonouredForTheHolder() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        let mine = Data("worker-a".utf8)
        let theirs = Data("worker-b".utf8)

        #expect(try await store.setIfAbsent("lease", value: mine, ttl: .seconds(30)))
        #expect(try await !store.setIfAbsent("lease", value: theirs, ttl: .seconds(30)))
        #expect(try await !store.expireIfEqual("lease", value: theirs, ttl: .seconds(60)))
        #expect(try await store.expireIfEqual("lease", value: mine, ttl: .seconds(60)))
        let ttl = try await client.send(RedisCommand("PTTL", store.keyPrefix + "lease")).int ?? 0
        #expect(ttl > 30_000)
        #expect(try await !store.deleteIfEqual("lease", value: theirs))
        #expect(try await store.deleteIfEqual("lease", value: mine))
        #expect(try await store.setIfAbsent("lease", value: theirs, ttl: .seconds(30)))
    }

    @Test func aLeaseContendedByFiftyTasksIsHeldByOneAtATime() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        let witness = LeaseWitness()

        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<50 {
                group.addTask {
                    let token = Data("worker-\(worker)".utf8)
                    while try await !store.setIfAbsent("contended", value: token, ttl: .seconds(30)) {
                        await Task.yield()
                    }
                    witness.enter()
                    let held = try await store.get(["contended"])["contended"]
                    witness.leave(stillHeld: held == token)
                    #expect(try await store.deleteIfEqual("contended", value: token))
                }
            }
            try await group.waitForAll()
        }
        #expect(witness.overlaps == 0)
        #expect(witness.acquisitions == 50)
        #expect(try await store.get(["contended"]).isEmpty)
    }

    @Test func aNonPositiveTTLIsRejectedAndNothingOfTheBatchIsWritten() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        await #expect(throws: StoreError.self) {
            try await store.setIfAbsent("lease", value: Data(), ttl: .zero)
        }
        await #expect(throws: StoreError.self) {
            try await store.set([
                CacheEntry(key: "fine", value: Data(), ttl: .seconds(5)),
                CacheEntry(key: "bad", value: Data(), ttl: .milliseconds(-1)),
            ])
        }
        #expect(try await store.get(["fine", "bad"]).isEmpty)
    }

    @Test func keysWrittenByUpkeepAndByRedisCLIAreReadableByTheOther() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        try await store.set([CacheEntry(key: "from-upkeep", value: Data("héllo wörld".utf8), ttl: .seconds(60))])
        #expect(try await RedisTestServer.redisCLI(["GET", store.keyPrefix + "from-upkeep"]) == "héllo wörld")

        _ = try await RedisTestServer.redisCLI([
            "SET", store.keyPrefix + "from-cli", "written by redis-cli", "PX", "60000",
        ])
        #expect(try await store.get(["from-cli"])["from-cli"] == Data("written by redis-cli".utf8))
    }

    @Test func aServerFailureSurfacesAsAStoreErrorNamingTheOperation() async throws {
        let (store, client) = try await makeStore()
        defer { client.close() }
        try await client.send(RedisCommand("RPUSH", store.keyPrefix + "list", "x"))
        await #expect {
            try await store.expireIfEqual("list", value: Data("x".utf8), ttl: .seconds(1))
        } throws: { error in
            let error = error as? StoreError
            return error?.store == .cache && error?.operation == "expireIfEqual" && error?.code == .backend
        }
    }
}

/// Counts lease holders so a test can see whether two ever held the lease at once.
final class LeaseWitness: Sendable {
    private struct State {
        var holders = 0
        var overlaps = 0
        var acquisitions = 0
    }

    private let state = Mutex(State())

    /// Records an acquisition; counts an overlap when someone else holds the lease too.
    func enter() {
        state.withLock { state in
            state.holders += 1
            state.acquisitions += 1
            if state.holders != 1 { state.overlaps += 1 }
        }
    }

    /// Records a release; counts an overlap when the lease no longer held the holder's token.
    func leave(stillHeld: Bool) {
        state.withLock { state in
            state.holders -= 1
            if !stillHeld { state.overlaps += 1 }
        }
    }

    var overlaps: Int { state.withLock { $0.overlaps } }
    var acquisitions: Int { state.withLock { $0.acquisitions } }
}
