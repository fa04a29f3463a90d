import Foundation

/// A lease held in a ``CacheStore``: one holder at a time, expiring unless renewed.
///
/// Acquire is ``CacheStore/setIfAbsent(_:value:ttl:)``, renew is
/// ``CacheStore/expireIfEqual(_:value:ttl:)`` and release is ``CacheStore/deleteIfEqual(_:value:)``,
/// each comparing the whole stored value, so only the holder can renew or release. The value
/// carries a fencing token — the acquisition time in epoch milliseconds — which grows from one
/// holder to the next, because a lease can only be taken once the previous one has expired; a
/// random nonce keeps two values distinct even within one millisecond.
public struct Lease: Hashable, Sendable {
    /// What the stored value says about the holder.
    public struct Holder: Hashable, Sendable, Codable {
        /// Who holds the lease, such as a scheduler instance or worker consumer name.
        public var owner: String
        /// The fencing token: larger for a later holder.
        public var token: Int64
        /// Distinguishes two acquisitions in the same millisecond.
        public var nonce: String
        /// What the holder is doing, such as the id of the task it runs.
        public var subject: String?
    }

    /// The cache key.
    public let key: String
    /// The holder, as stored.
    public let holder: Holder
    /// The exact stored value the compare-and-set operations check.
    public let value: Data

    /// Tries to take the lease; returns it, or `nil` if someone else holds it.
    ///
    /// - Throws: the cache's error.
    public static func acquire(
        _ key: String,
        owner: String,
        subject: String? = nil,
        ttl: Duration,
        cache: any CacheStore,
        clock: any UpkeepClock
    ) async throws -> Lease? {
        let holder = Holder(
            owner: owner, token: clock.now().epochMilliseconds, nonce: String(UUID().uuidString.prefix(8)),
            subject: subject)
        let lease = Lease(key: key, holder: holder)
        return try await cache.setIfAbsent(key, value: lease.value, ttl: ttl) ? lease : nil
    }

    /// The current holder of `key`, if any and if its value is readable.
    ///
    /// - Throws: the cache's error.
    public static func holder(of key: String, in cache: any CacheStore) async throws -> (Holder, Data)? {
        guard let data = try await cache.get([key])[key] else { return nil }
        guard let holder = try? JSONDecoder().decode(Holder.self, from: data) else { return nil }
        return (holder, data)
    }

    init(key: String, holder: Holder) {
        self.key = key
        self.holder = holder
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        self.value = (try? encoder.encode(holder)) ?? Data(holder.owner.utf8)
    }

    /// Extends the lease to `ttl` from now; returns `false` if it was lost.
    ///
    /// - Throws: the cache's error.
    public func renew(ttl: Duration, in cache: any CacheStore) async throws -> Bool {
        try await cache.expireIfEqual(key, value: value, ttl: ttl)
    }

    /// Whether the cache still holds this lease.
    ///
    /// - Throws: the cache's error.
    public func isHeld(in cache: any CacheStore) async throws -> Bool {
        try await cache.get([key])[key] == value
    }

    /// Gives the lease up; returns `false` if it had already been lost.
    ///
    /// - Throws: the cache's error.
    @discardableResult
    public func release(in cache: any CacheStore) async throws -> Bool {
        try await cache.deleteIfEqual(key, value: value)
    }
}
