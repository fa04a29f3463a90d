import Foundation

/// Writes the statistics and cache jobs' entries, honouring dry runs and counting what it did.
struct CacheEntryWriter {
    let context: JobContext
    let tally: StepTally

    /// A cache entry holding `value` as cache JSON; a TTL of 0 seconds or less never expires.
    ///
    /// - Throws: `EncodingError` when the value cannot be encoded.
    static func entry(
        _ key: String,
        _ value: some Encodable,
        ttlSeconds: Int,
        user: NodeKey? = nil
    ) throws -> CacheEntry {
        CacheEntry(
            key: key,
            value: try CacheValueCoding.encode(value),
            ttl: ttlSeconds > 0 ? .seconds(ttlSeconds) : nil,
            user: user.map(CacheKeys.owner(of:)))
    }

    /// Writes `entries` in one batch and counts them as `cache.written`; in a dry run writes
    /// nothing and counts them as `cache.skipped`.
    ///
    /// - Throws: whatever the cache store throws.
    func write(_ entries: [CacheEntry]) async throws {
        guard !entries.isEmpty else { return }
        if context.options.dryRun {
            tally.add("cache.skipped", entries.count)
            return
        }
        try await context.cache.set(entries)
        tally.add("cache.written", entries.count)
    }
}
