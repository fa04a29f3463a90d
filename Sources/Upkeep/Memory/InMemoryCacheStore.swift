import Foundation
import Synchronization

/// A ``CacheStore`` held in process memory, with expiry read from an injectable clock.
///
/// An entry is expired from the instant `now >= expiresAt` and is never returned after that;
/// expired entries are dropped when touched and swept once the writes since the last sweep reach
/// the larger of ``sweepInterval`` and the entry count (amortised O(1) per write), so memory does
/// not grow with keys nobody reads again. A per-user key index makes
/// ``invalidate(user:)`` cost O(keys of that user). All state sits behind one `Mutex`.
public final class InMemoryCacheStore: CacheStore {
    private struct Entry {
        var value: Data
        var expiresAt: Date?
        var user: String?

        func isLive(at now: Date) -> Bool { expiresAt.map { now < $0 } ?? true }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var keysByUser: [String: Set<String>] = [:]
        var writesSinceSweep = 0
    }

    /// The fewest writes between two sweeps of expired entries.
    public static let sweepInterval = 1_024

    private let clock: any UpkeepClock
    private let state = Mutex(State())

    /// Creates an empty cache whose expiry follows `clock`.
    public init(clock: any UpkeepClock = SystemClock()) {
        self.clock = clock
    }

    public func get(_ keys: [String]) async throws -> [String: Data] {
        let now = clock.now()
        return state.withLock { state in
            var found: [String: Data] = [:]
            for key in keys {
                guard let entry = state.entries[key] else { continue }
                if entry.isLive(at: now) {
                    found[key] = entry.value
                } else {
                    Self.remove(key, from: &state)
                }
            }
            return found
        }
    }

    /// Writes entries in one batch, each with its own expiry.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` naming the first key whose TTL is not
    ///   positive; nothing is written then.
    public func set(_ entries: [CacheEntry]) async throws {
        for entry in entries { try Self.validate(ttl: entry.ttl, key: entry.key, operation: "set") }
        let now = clock.now()
        state.withLock { state in
            for entry in entries {
                let expiresAt = entry.ttl.map { now.addingTimeInterval($0.timeInterval) }
                Self.put(entry.key, Entry(value: entry.value, expiresAt: expiresAt, user: entry.user), into: &state)
            }
            Self.sweepIfDue(&state, now: now, writes: entries.count)
        }
    }

    /// Deletes keys; returns how many existed and had not expired.
    public func delete(_ keys: [String]) async throws -> Int {
        let now = clock.now()
        return state.withLock { state in
            var deleted = 0
            for key in Set(keys) {
                guard let entry = Self.remove(key, from: &state) else { continue }
                if entry.isLive(at: now) { deleted += 1 }
            }
            return deleted
        }
    }

    /// Deletes the live entries last written for `user`; returns how many there were. O(keys of
    /// the user).
    public func invalidate(user: String) async throws -> Int {
        let now = clock.now()
        return state.withLock { state in
            var deleted = 0
            for key in state.keysByUser[user] ?? [] {
                guard let entry = Self.remove(key, from: &state) else { continue }
                if entry.isLive(at: now) { deleted += 1 }
            }
            return deleted
        }
    }

    /// - Throws: ``StoreError`` with code `invalidInput` when `ttl` is not positive.
    public func setIfAbsent(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try Self.validate(ttl: ttl, key: key, operation: "setIfAbsent")
        let now = clock.now()
        return state.withLock { state in
            if let entry = state.entries[key], entry.isLive(at: now) { return false }
            let expiresAt = now.addingTimeInterval(ttl.timeInterval)
            Self.put(key, Entry(value: value, expiresAt: expiresAt, user: nil), into: &state)
            Self.sweepIfDue(&state, now: now, writes: 1)
            return true
        }
    }

    /// - Throws: ``StoreError`` with code `invalidInput` when `ttl` is not positive.
    public func expireIfEqual(_ key: String, value: Data, ttl: Duration) async throws -> Bool {
        try Self.validate(ttl: ttl, key: key, operation: "expireIfEqual")
        let now = clock.now()
        return state.withLock { state in
            guard let entry = state.entries[key], entry.isLive(at: now), entry.value == value else { return false }
            state.entries[key]?.expiresAt = now.addingTimeInterval(ttl.timeInterval)
            return true
        }
    }

    public func deleteIfEqual(_ key: String, value: Data) async throws -> Bool {
        let now = clock.now()
        return state.withLock { state in
            guard let entry = state.entries[key], entry.isLive(at: now), entry.value == value else { return false }
            Self.remove(key, from: &state)
            return true
        }
    }

    // MARK: - State helpers

    private static func validate(ttl: Duration?, key: String, operation: String) throws {
        guard let ttl, ttl <= .zero else { return }
        throw StoreError(
            .invalidInput, store: .cache, operation: operation,
            message: "TTL \(ttl) for key '\(key)' is not positive")
    }

    private static func put(_ key: String, _ entry: Entry, into state: inout State) {
        let previous = state.entries.updateValue(entry, forKey: key)
        if let old = previous?.user, old != entry.user { unindex(key, user: old, in: &state) }
        if let user = entry.user { state.keysByUser[user, default: []].insert(key) }
    }

    @discardableResult
    private static func remove(_ key: String, from state: inout State) -> Entry? {
        guard let entry = state.entries.removeValue(forKey: key) else { return nil }
        if let user = entry.user { unindex(key, user: user, in: &state) }
        return entry
    }

    private static func unindex(_ key: String, user: String, in state: inout State) {
        state.keysByUser[user]?.remove(key)
        if state.keysByUser[user]?.isEmpty == true { state.keysByUser[user] = nil }
    }

    /// Drops expired entries when enough writes have passed that the O(n) sweep costs O(1) per
    /// write.
    private static func sweepIfDue(_ state: inout State, now: Date, writes: Int) {
        state.writesSinceSweep += writes
        guard state.writesSinceSweep >= max(sweepInterval, state.entries.count) else { return }
        state.writesSinceSweep = 0
        let expired = state.entries.filter { !$0.value.isLive(at: now) }.map(\.key)
        for key in expired { remove(key, from: &state) }
    }
}
