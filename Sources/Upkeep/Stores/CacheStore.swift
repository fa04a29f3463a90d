import Foundation

/// A key-value cache with expiry: hot query results, user graphs, profiles and leases.
///
/// Expired entries are never returned. Implementations must be safe to call concurrently.
public protocol CacheStore: Sendable {
    /// The values of the keys that exist and have not expired; absent keys are left out.
    func get(_ keys: [String]) async throws -> [String: Data]

    /// Writes entries in one batch, each with its own expiry.
    func set(_ entries: [CacheEntry]) async throws

    /// Deletes keys; returns how many existed.
    func delete(_ keys: [String]) async throws -> Int

    /// Deletes every entry written with ``CacheEntry/user`` equal to `user`, without scanning
    /// the whole keyspace; returns how many were deleted.
    func invalidate(user: String) async throws -> Int

    /// Writes `value` under `key` with expiry `ttl` only if the key is absent or expired; returns
    /// whether it wrote. This is the acquire step of a lease.
    func setIfAbsent(_ key: String, value: Data, ttl: Duration) async throws -> Bool

    /// Resets the expiry of `key` to `ttl` only if it still holds `value`; returns whether it did.
    /// This is the renew step of a lease.
    func expireIfEqual(_ key: String, value: Data, ttl: Duration) async throws -> Bool

    /// Deletes `key` only if it still holds `value`; returns whether it did. This is the release
    /// step of a lease, so only the holder can release it.
    func deleteIfEqual(_ key: String, value: Data) async throws -> Bool
}

/// One entry to write into a ``CacheStore``.
public struct CacheEntry: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The value.
    public var value: Data
    /// How long the entry lives; `nil` keeps it until it is deleted.
    public var ttl: Duration?
    /// The user the entry belongs to, so ``CacheStore/invalidate(user:)`` can find it.
    public var user: String?

    /// Creates an entry.
    public init(key: String, value: Data, ttl: Duration?, user: String? = nil) {
        self.key = key
        self.value = value
        self.ttl = ttl
        self.user = user
    }
}
