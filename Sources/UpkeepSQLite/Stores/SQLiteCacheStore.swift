import Foundation
import Synchronization
import Upkeep

/// A ``Upkeep/CacheStore`` on SQLite, with expiry from an injectable clock.
///
/// Expired rows are never returned: every read and conditional write compares `expires_at` with
/// the clock. Their space is reclaimed on every ``sweepInterval``-th write (up to
/// ``sweepBatch`` rows, through the `cache_by_expiry` index) and in full by
/// ``SQLiteRecordStore/maintain()``. `invalidate(user:)` reads the partial index on `user`, never
/// the whole table. Get a store from ``SQLiteDatabase/cache``.
public final class SQLiteCacheStore: Sendable {
    /// How many writes pass between opportunistic sweeps of expired rows.
    public static let sweepInterval = 256
    /// How many expired rows one opportunistic sweep deletes at most.
    public static let sweepBatch = 1_000

    let access: SQLiteStoreAccess
    let clock: any UpkeepClock
    private let writesSinceSweep = Mutex(0)

    init(access: SQLiteStoreAccess, clock: any UpkeepClock) {
        self.access = access
        self.clock = clock
    }

    /// Deletes every entry that has expired; returns how many.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func purgeExpired() async throws -> Int {
        let now = clock.now().epochMilliseconds
        return try await access.write("purgeExpired") { session in
            try session.run("DELETE FROM cache_entries WHERE expires_at <= ?1", [.integer(now)])
        }
    }

    /// Whether this write is due to sweep; counts `writes` towards the next sweep.
    private func sweepIsDue(after writes: Int) -> Bool {
        writesSinceSweep.withLock { count in
            count += writes
            guard count >= Self.sweepInterval else { return false }
            count = 0
            return true
        }
    }

    /// Deletes up to ``sweepBatch`` expired rows inside the caller's write transaction.
    private static func sweep(_ session: SQLiteSession, now: Int64) throws {
        try session.run(
            """
            DELETE FROM cache_entries WHERE key IN (
                SELECT key FROM cache_entries WHERE expires_at <= ?1 LIMIT ?2)
            """,
            [.integer(now), .integer(Int64(sweepBatch))]
        )
    }

    /// The expiry instant for `ttl` from `now`, in epoch milliseconds.
    private static func expiry(_ ttl: Duration, from now: Int64) -> Int64 {
        now &+ ttl.milliseconds
    }

    /// Throws `invalidInput` for a TTL that is zero or negative.
    private static func validate(ttl: Duration?, key: String, operation: String) throws {
        guard let ttl, ttl <= .zero else { return }
        throw StoreError(
            .invalidInput, store: .cache, operation: operation, message: "TTL \(ttl) for key '\(key)' is not positive"
        )
    }
}

extension SQLiteCacheStore: CacheStore {
    /// The values of the keys that exist and have not expired, in one query over `json_each`.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func get(_ keys: [String]) async throws -> [String: Data] {
        guard !keys.isEmpty else { return [:] }
        let values: [SQLiteValue] = [.text(JSONText.array(keys)), .integer(clock.now().epochMilliseconds)]
        let rows = try await access.read("get") { session in
            try session.query(
                """
                SELECT key, value FROM cache_entries
                WHERE key IN (SELECT value FROM json_each(?1)) AND (expires_at IS NULL OR expires_at > ?2)
                """,
                values
            ) { ($0.text(0), $0.data(1)) }
        }
        return Dictionary(rows) { _, last in last }
    }

    /// Writes entries in one transaction, each with its own expiry.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` for a TTL that is not positive
    ///   (nothing is written then), or when SQLite fails.
    public func set(_ entries: [CacheEntry]) async throws {
        guard !entries.isEmpty else { return }
        for entry in entries { try Self.validate(ttl: entry.ttl, key: entry.key, operation: "set") }
        let now = clock.now().epochMilliseconds
        let sweep = sweepIsDue(after: entries.count)
        try await access.write("set") { session in
            try session.withStatement(
                """
                INSERT INTO cache_entries (key, value, expires_at, user) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (key) DO UPDATE SET
                    value = excluded.value, expires_at = excluded.expires_at, user = excluded.user
                """
            ) { statement in
                for entry in entries {
                    defer { statement.reset() }
                    try statement.bind([
                        .text(entry.key), .blob(entry.value),
                        .optionalInteger(entry.ttl.map { Self.expiry($0, from: now) }), .optionalText(entry.user),
                    ])
                    try statement.execute()
                }
            }
            if sweep { try Self.sweep(session, now: now) }
        }
    }

    /// Deletes keys; returns how many existed and had not expired.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func delete(_ keys: [String]) async throws -> Int {
        let keys = Array(Set(keys))
        guard !keys.isEmpty else { return 0 }
        let now = clock.now().epochMilliseconds
        return try await access.write("delete") { session in
            try session.query(
                "DELETE FROM cache_entries WHERE key IN (SELECT value FROM json_each(?1)) RETURNING expires_at",
                [.text(JSONText.array(keys))]
            ) { $0.optionalInt64(0).map { $0 > now } ?? true }.filter { $0 }.count
        }
    }

    /// Deletes every entry written for `user` through the `cache_by_user` index; returns how
    /// many had not expired.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func invalidate(user: String) async throws -> Int {
        let now = clock.now().epochMilliseconds
        return try await access.write("invalidate") { session in
            try session.query(
                "DELETE FROM cache_entries WHERE user = ?1 RETURNING expires_at", [.text(user)]
            ) { $0.optionalInt64(0).map { $0 > now } ?? true }.filter { $0 }.count
        }
    }

    /// Writes `value` under `key` with expiry `ttl` only if the key is absent or expired, in one
    /// atomic upsert; returns whether it wrote.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` for a TTL that is not positive,
    ///   or when SQLite fails.
    public func setIfAbsent(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try Self.validate(ttl: ttl, key: key, operation: "setIfAbsent")
        let now = clock.now().epochMilliseconds
        let sweep = sweepIsDue(after: 1)
        return try await access.write("setIfAbsent") { session in
            let written = try session.run(
                """
                INSERT INTO cache_entries (key, value, expires_at, user) VALUES (?1, ?2, ?3, NULL)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, user = NULL
                WHERE cache_entries.expires_at IS NOT NULL AND cache_entries.expires_at <= ?4
                """,
                [.text(key), .blob(value), .integer(Self.expiry(ttl, from: now)), .integer(now)]
            )
            if sweep { try Self.sweep(session, now: now) }
            return written == 1
        }
    }

    /// Resets the expiry of `key` to `ttl` from now only if it still holds `value` and has not
    /// expired, in one UPDATE; returns whether it did.
    ///
    /// - Throws: ``Upkeep/StoreError`` with code `invalidInput` for a TTL that is not positive,
    ///   or when SQLite fails.
    public func expireIfEqual(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try Self.validate(ttl: ttl, key: key, operation: "expireIfEqual")
        let now = clock.now().epochMilliseconds
        return try await access.write("expireIfEqual") { session in
            try session.run(
                """
                UPDATE cache_entries SET expires_at = ?3
                WHERE key = ?1 AND value = ?2 AND (expires_at IS NULL OR expires_at > ?4)
                """,
                [.text(key), .blob(value), .integer(Self.expiry(ttl, from: now)), .integer(now)]
            ) == 1
        }
    }

    /// Deletes `key` only if it still holds `value` and has not expired, in one DELETE; returns
    /// whether it did.
    ///
    /// - Throws: ``Upkeep/StoreError`` when SQLite fails.
    public func deleteIfEqual(_ key: String, value: Data) async throws -> Bool {
        let now = clock.now().epochMilliseconds
        return try await access.write("deleteIfEqual") { session in
            try session.run(
                "DELETE FROM cache_entries WHERE key = ?1 AND value = ?2 AND (expires_at IS NULL OR expires_at > ?3)",
                [.text(key), .blob(value), .integer(now)]
            ) == 1
        }
    }
}
