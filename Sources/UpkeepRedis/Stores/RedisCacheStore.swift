import Foundation
import Upkeep

/// A ``CacheStore`` on Redis strings with `PX` expiry, plus leases via `SET NX PX` and Lua.
///
/// Entries live under ``keyPrefix`` (default `upkeep:`), so `upkeep:profile:42` holds the value
/// of key `profile:42` as plain bytes, readable with `redis-cli`. Each user's keys are also listed
/// in a set under ``userIndexPrefix``, updated in the same `MULTI`/`EXEC` as the write, so
/// ``invalidate(user:)`` deletes them without scanning the keyspace. The index expires with the
/// user's longest-lived entry. Its members are not removed when an entry expires or is deleted,
/// which is harmless: deleting a missing key counts nothing. A key rewritten without a user stays
/// in the old user's index until that user is invalidated.
///
/// Scripts touch the keys they compute from the index, so the store needs a standalone Redis (or
/// one cluster slot), not Redis Cluster.
///
/// Every method throws ``StoreError``: `invalidInput` for a TTL that is not positive,
/// `unavailable` or `timeout` when the server cannot be reached, and `backend` or `corrupt` for
/// error or malformed replies, with the ``RedisError`` as ``StoreError/underlying``.
public struct RedisCacheStore: CacheStore {
    /// The client commands go through.
    public let client: RedisClient
    /// Prepended to every cache key.
    public let keyPrefix: String
    /// Prepended to a user name to form the key of that user's key index.
    public let userIndexPrefix: String

    /// Creates a store.
    ///
    /// - Parameters:
    ///   - keyPrefix: prepended to every key; give each application or test its own.
    ///   - userIndexPrefix: where per-user indexes live; by default `keyPrefix` with its trailing
    ///     `:` replaced by `-users:` (`upkeep-users:`), outside the cache's own keys.
    public init(client: RedisClient, keyPrefix: String = "upkeep:", userIndexPrefix: String? = nil) {
        self.client = client
        self.keyPrefix = keyPrefix
        let base = keyPrefix.hasSuffix(":") ? String(keyPrefix.dropLast()) : keyPrefix
        self.userIndexPrefix = userIndexPrefix ?? "\(base)-users:"
    }

    private static let batchSize = 1_000

    // MARK: - Reading and writing

    public func get(_ keys: [String]) async throws -> [String: Data] {
        try await RedisStoreFailure.translate(store: .cache, operation: "get") {
            let unique = Array(Set(keys))
            let chunks = stride(from: 0, to: unique.count, by: Self.batchSize).map {
                Array(unique[$0..<min($0 + Self.batchSize, unique.count)])
            }
            let replies = try await client.pipeline(chunks.map { RedisCommand("MGET", arguments: $0.map(storageKey)) })
            var values: [String: Data] = [:]
            for (chunk, reply) in zip(chunks, replies) {
                guard let elements = reply.elements, elements.count == chunk.count else {
                    throw RedisStoreFailure.unexpected(reply, command: "MGET")
                }
                for (key, element) in zip(chunk, elements) { values[key] = element.data }
            }
            return values
        }
    }

    public func set(_ entries: [CacheEntry]) async throws {
        try await RedisStoreFailure.translate(store: .cache, operation: "set") {
            guard !entries.isEmpty else { return }
            let commands = try entries.map(writeCommand) + indexCommands(for: entries)
            let results = try await client.transaction(commands)
            if let failure = results.first(where: { $0.errorMessage != nil })?.errorMessage {
                throw RedisError.server(failure, command: "EXEC")
            }
        }
    }

    public func delete(_ keys: [String]) async throws -> Int {
        try await RedisStoreFailure.translate(store: .cache, operation: "delete") {
            guard !keys.isEmpty else { return 0 }
            let reply = try await client.send(RedisCommand("DEL", arguments: Array(Set(keys)).map(storageKey)))
            guard let count = reply.int else { throw RedisStoreFailure.unexpected(reply, command: "DEL") }
            return count
        }
    }

    public func invalidate(user: String) async throws -> Int {
        try await RedisStoreFailure.translate(store: .cache, operation: "invalidate") {
            let reply = try await client.evaluate(Self.invalidateScript, keys: [indexKey(user)])
            guard let count = reply.int else { throw RedisStoreFailure.unexpected(reply, command: "EVALSHA") }
            return count
        }
    }

    // MARK: - Leases

    public func setIfAbsent(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try await RedisStoreFailure.translate(store: .cache, operation: "setIfAbsent") {
            let milliseconds = try Self.positiveMilliseconds(ttl, operation: "setIfAbsent", key: key)
            let reply = try await client.send(RedisCommand("SET", storageKey(key), value, "NX", "PX", milliseconds))
            return !reply.isNull
        }
    }

    public func expireIfEqual(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try await RedisStoreFailure.translate(store: .cache, operation: "expireIfEqual") {
            let milliseconds = try Self.positiveMilliseconds(ttl, operation: "expireIfEqual", key: key)
            let reply = try await client.evaluate(
                Self.expireIfEqualScript, keys: [storageKey(key)], arguments: [value, milliseconds])
            return reply.int == 1
        }
    }

    public func deleteIfEqual(_ key: String, value: Data) async throws -> Bool {
        try await RedisStoreFailure.translate(store: .cache, operation: "deleteIfEqual") {
            let reply = try await client.evaluate(Self.deleteIfEqualScript, keys: [storageKey(key)], arguments: [value])
            return reply.int == 1
        }
    }

    // MARK: - Commands

    private func storageKey(_ key: String) -> String { keyPrefix + key }

    private func indexKey(_ user: String) -> String { userIndexPrefix + user }

    /// `SET key value [PX ms]`.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` naming the key when its TTL is not positive.
    private func writeCommand(_ entry: CacheEntry) throws -> RedisCommand {
        guard let ttl = entry.ttl else { return RedisCommand("SET", storageKey(entry.key), entry.value) }
        let milliseconds = try Self.positiveMilliseconds(ttl, operation: "set", key: entry.key)
        return RedisCommand("SET", storageKey(entry.key), entry.value, "PX", milliseconds)
    }

    /// One index update per user and chunk: the keys, and the index's expiry, which is the
    /// longest entry TTL of the batch (`-1` when some entry never expires).
    private func indexCommands(for entries: [CacheEntry]) -> [RedisCommand] {
        var byUser: [String: [CacheEntry]] = [:]
        for entry in entries {
            if let user = entry.user { byUser[user, default: []].append(entry) }
        }
        return byUser.sorted { $0.key < $1.key }.flatMap { user, userEntries -> [RedisCommand] in
            let lifetimes = userEntries.map { $0.ttl?.redisMilliseconds }
            let ttl = lifetimes.contains(nil) ? -1 : lifetimes.compactMap { $0 }.max() ?? -1
            let keys = userEntries.map { storageKey($0.key) }
            return stride(from: 0, to: keys.count, by: Self.batchSize).map { start in
                let chunk = keys[start..<min(start + Self.batchSize, keys.count)]
                // EVAL rather than EVALSHA: inside MULTI a NOSCRIPT could not be retried atomically.
                return Self.indexScript.eval(keys: [indexKey(user)], arguments: [ttl] + chunk.map { $0 })
            }
        }
    }

    private static func positiveMilliseconds(_ ttl: Duration, operation: String, key: String) throws -> Int64 {
        guard ttl > .zero else {
            throw StoreError(
                .invalidInput, store: .cache, operation: operation,
                message: "ttl \(ttl) for key '\(key)' must be positive")
        }
        return ttl.redisMilliseconds
    }
}
