import Foundation
import Testing
import Upkeep

/// The behaviour every ``CacheStore`` must show, as one check per behaviour.
///
/// The factory receives the clock the store must read expiry from: a ``ManualClock`` under
/// ``ConformanceTime/manual`` (the default) or a ``SystemClock`` under
/// ``ConformanceTime/real(unit:)``, for stores whose expiry a server keeps.
///
/// ```swift
/// @Test(arguments: CacheStoreConformance.checks)
/// func cacheStoreConforms(_ check: CacheStoreConformance.Check) async throws {
///     try await CacheStoreConformance.run(check) { clock in InMemoryCacheStore(clock: clock) }
/// }
/// ```
///
/// The factory must return a fresh, empty store for every call (for a server, for example, one
/// with a key prefix of its own). A store whose expiry a server keeps ignores the clock and runs
/// on wall time, with short real TTLs:
///
/// ```swift
/// try await CacheStoreConformance.run(check, time: .real()) { _ in
///     try await makeRedisCache(prefix: "test-\(UUID().uuidString):")
/// }
/// ```
public enum CacheStoreConformance {
    /// Makes a fresh, empty cache store that reads time from the given clock.
    public typealias Factory = @Sendable (any UpkeepClock) async throws -> any CacheStore

    /// One behaviour of a cache store.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Values, binary and empty ones included, read back for present keys only.
        case valuesReadBackOnlyForPresentKeys
        /// Setting a key again replaces both its value and its expiry.
        case setOverwritesValueAndExpiry
        /// Expired entries are never returned and count as absent.
        case expiredEntriesAreNeverReturned
        /// Deleting counts only keys that existed and had not expired.
        case deleteCountsOnlyLiveKeys
        /// Invalidating a user deletes exactly the entries written for that user.
        case invalidatingAUserDeletesOnlyThatUsersEntries
        /// A lease is acquired only while its key is absent.
        case leaseIsAcquiredOnlyWhileAbsent
        /// An expired lease can be acquired by another holder.
        case expiredLeaseIsReacquired
        /// Renewing a lease needs the holder's value and sets a new expiry from now.
        case leaseRenewalNeedsTheHoldersValue
        /// Releasing a lease needs the holder's value.
        case leaseReleaseNeedsTheHoldersValue
        /// Concurrent acquires of one lease have exactly one winner.
        case concurrentAcquiresHaveOneWinner
        /// A zero or negative TTL throws `invalidInput` naming the key.
        case nonPositiveTTLIsRejected
        /// Empty batches are accepted and change nothing.
        case emptyBatchesChangeNothing

        /// The behaviour's name.
        public var description: String { rawValue }
    }

    /// Every check, in declaration order.
    public static var checks: [Check] { Check.allCases }

    /// Runs one check against a fresh store from `makeStore`, moving time as `time` says.
    ///
    /// - Throws: an error from the store, or a ``ConformanceFailure`` when a check cannot go on.
    public static func run(_ check: Check, time: ConformanceTime = .manual, makeStore: Factory) async throws {
        let clock = time.start()
        let cache = try await makeStore(clock.clock)
        switch check {
        case .valuesReadBackOnlyForPresentKeys: try await valuesReadBackOnlyForPresentKeys(cache)
        case .setOverwritesValueAndExpiry: try await setOverwritesValueAndExpiry(cache, clock)
        case .expiredEntriesAreNeverReturned: try await expiredEntriesAreNeverReturned(cache, clock)
        case .deleteCountsOnlyLiveKeys: try await deleteCountsOnlyLiveKeys(cache, clock)
        case .invalidatingAUserDeletesOnlyThatUsersEntries: try await invalidatingAUser(cache)
        case .leaseIsAcquiredOnlyWhileAbsent: try await leaseIsAcquiredOnlyWhileAbsent(cache, clock)
        case .expiredLeaseIsReacquired: try await expiredLeaseIsReacquired(cache, clock)
        case .leaseRenewalNeedsTheHoldersValue: try await leaseRenewalNeedsTheHoldersValue(cache, clock)
        case .leaseReleaseNeedsTheHoldersValue: try await leaseReleaseNeedsTheHoldersValue(cache, clock)
        case .concurrentAcquiresHaveOneWinner: try await concurrentAcquiresHaveOneWinner(cache, clock)
        case .nonPositiveTTLIsRejected: try await nonPositiveTTLIsRejected(cache)
        case .emptyBatchesChangeNothing: try await emptyBatchesChangeNothing(cache)
        }
    }

    static func data(_ text: String) -> Data { Data(text.utf8) }

    // MARK: - Entries

    static func valuesReadBackOnlyForPresentKeys(_ cache: any CacheStore) async throws {
        let binary = Data((0...255).map { UInt8($0) })
        try await cache.set([
            CacheEntry(key: "a", value: data("alpha"), ttl: nil), CacheEntry(key: "b:ü", value: binary, ttl: nil),
            CacheEntry(key: "empty", value: Data(), ttl: nil),
        ])

        let found = try await cache.get(["a", "b:ü", "missing", "empty"])
        #expect(found == ["a": data("alpha"), "b:ü": binary, "empty": Data()], "binary and empty values round-trip")
    }

    static func setOverwritesValueAndExpiry(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        try await cache.set([CacheEntry(key: "a", value: data("one"), ttl: clock.duration(1))])
        try await cache.set([CacheEntry(key: "a", value: data("two"), ttl: nil)])
        try await clock.pass(2)

        #expect(try await cache.get(["a"]) == ["a": data("two")], "the second write replaced value and expiry")
    }

    static func expiredEntriesAreNeverReturned(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        try await cache.set([
            CacheEntry(key: "short", value: data("s"), ttl: clock.duration(1)),
            CacheEntry(key: "long", value: data("l"), ttl: clock.duration(5)),
            CacheEntry(key: "forever", value: data("f"), ttl: nil),
        ])
        #expect(try await cache.get(["short", "long", "forever"]).count == 3)

        try await clock.pass(1.5)
        #expect(try await cache.get(["short", "long", "forever"]).keys.sorted() == ["forever", "long"])
        #expect(
            try await cache.setIfAbsent("short", value: data("again"), ttl: clock.duration(1)),
            "an expired key counts as absent")
    }

    static func deleteCountsOnlyLiveKeys(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        try await cache.set([
            CacheEntry(key: "a", value: data("a"), ttl: nil),
            CacheEntry(key: "b", value: data("b"), ttl: clock.duration(1)),
            CacheEntry(key: "c", value: data("c"), ttl: nil),
        ])
        try await clock.pass(1.5)

        #expect(try await cache.delete(["a", "b", "missing"]) == 1, "expired and missing keys are not counted")
        #expect(try await cache.get(["a", "b", "c"]).keys.sorted() == ["c"])
        #expect(try await cache.delete(["a"]) == 0)
    }

    static func invalidatingAUser(_ cache: any CacheStore) async throws {
        try await cache.set([
            CacheEntry(key: "user:1:graph", value: data("g"), ttl: nil, user: "1"),
            CacheEntry(key: "user:1:profile", value: data("p"), ttl: nil, user: "1"),
            CacheEntry(key: "user:10:graph", value: data("g"), ttl: nil, user: "10"),
            CacheEntry(key: "shared:user:1", value: data("s"), ttl: nil),
        ])

        #expect(try await cache.invalidate(user: "1") == 2)
        let left = try await cache.get(["user:1:graph", "user:1:profile", "user:10:graph", "shared:user:1"])
        #expect(left.keys.sorted() == ["shared:user:1", "user:10:graph"], "other users' and unowned keys stay")
        #expect(try await cache.invalidate(user: "1") == 0)
        #expect(try await cache.invalidate(user: "nobody") == 0)
    }

    // MARK: - Leases

    static func leaseIsAcquiredOnlyWhileAbsent(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        #expect(try await cache.setIfAbsent("lease", value: data("A"), ttl: clock.duration(2)))
        #expect(try await !cache.setIfAbsent("lease", value: data("B"), ttl: clock.duration(2)))
        #expect(try await cache.get(["lease"]) == ["lease": data("A")], "the holder's value stays")
    }

    static func expiredLeaseIsReacquired(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        #expect(try await cache.setIfAbsent("lease", value: data("A"), ttl: clock.duration(1)))
        try await clock.pass(1.5)

        #expect(try await cache.setIfAbsent("lease", value: data("B"), ttl: clock.duration(1)))
        #expect(try await cache.get(["lease"]) == ["lease": data("B")])
        #expect(try await !cache.expireIfEqual("lease", value: data("A"), ttl: clock.duration(5)), "A lost the lease")
    }

    static func leaseRenewalNeedsTheHoldersValue(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        #expect(try await cache.setIfAbsent("lease", value: data("A"), ttl: clock.duration(2)))
        try await clock.pass(1)
        #expect(try await !cache.expireIfEqual("lease", value: data("B"), ttl: clock.duration(5)))
        #expect(try await cache.expireIfEqual("lease", value: data("A"), ttl: clock.duration(3)))

        try await clock.pass(1.5)
        #expect(try await cache.get(["lease"]) == ["lease": data("A")], "renewal outlived the first expiry")
        try await clock.pass(2)
        #expect(try await cache.get(["lease"]).isEmpty, "the renewed expiry still ends the lease")
        #expect(
            try await !cache.expireIfEqual("lease", value: data("A"), ttl: clock.duration(3)),
            "an expired lease cannot be renewed")
        #expect(try await !cache.expireIfEqual("missing", value: data("A"), ttl: clock.duration(3)))
    }

    static func leaseReleaseNeedsTheHoldersValue(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        #expect(try await cache.setIfAbsent("lease", value: data("A"), ttl: clock.duration(5)))
        #expect(try await !cache.deleteIfEqual("lease", value: data("B")))
        #expect(try await cache.get(["lease"]) == ["lease": data("A")], "another holder cannot release it")

        #expect(try await cache.deleteIfEqual("lease", value: data("A")))
        #expect(try await cache.get(["lease"]).isEmpty)
        #expect(try await !cache.deleteIfEqual("lease", value: data("A")))
        #expect(try await cache.setIfAbsent("lease", value: data("B"), ttl: clock.duration(5)), "free after release")
    }

    static func concurrentAcquiresHaveOneWinner(_ cache: any CacheStore, _ clock: CheckClock) async throws {
        let ttl = clock.duration(5)
        let winners = try await withThrowingTaskGroup(of: String?.self) { group in
            for contender in 0..<16 {
                group.addTask {
                    try await cache.setIfAbsent("lease", value: data("holder-\(contender)"), ttl: ttl)
                        ? "holder-\(contender)" : nil
                }
            }
            return try await group.reduce(into: [String]()) { winners, winner in
                if let winner { winners.append(winner) }
            }
        }

        #expect(winners.count == 1, "exactly one contender acquires the lease")
        let holder = try #require(winners.first)
        #expect(try await cache.get(["lease"]) == ["lease": data(holder)])
    }

    static func nonPositiveTTLIsRejected(_ cache: any CacheStore) async throws {
        await ConformanceExpectations.expectStoreError(.invalidInput, mentioning: "k", "a zero TTL on set") {
            try await cache.set([CacheEntry(key: "k", value: data("v"), ttl: .zero)])
        }
        await ConformanceExpectations.expectStoreError(.invalidInput, mentioning: "k", "a negative lease TTL") {
            _ = try await cache.setIfAbsent("k", value: data("v"), ttl: .seconds(-1))
        }
        #expect(try await cache.get(["k"]).isEmpty)
    }

    static func emptyBatchesChangeNothing(_ cache: any CacheStore) async throws {
        try await cache.set([])
        #expect(try await cache.get([]).isEmpty)
        #expect(try await cache.delete([]) == 0)
        #expect(try await cache.invalidate(user: "") == 0)
    }
}
