import Foundation
import Upkeep
import UpkeepRedis

/// `redis-cache`: cache writes and reads through ``RedisCacheStore`` in batches (one MULTI or
/// MGET per 1,000 keys) against one command per round trip on the same server.
struct RedisCacheScenario: BenchmarkScenario {
    let name = "redis-cache"
    let summary = "100k Redis cache writes and reads: batched (MULTI/MGET) vs one command per round trip"

    private let batchSize = 1_000

    func run(options: BenchmarkOptions) async throws -> BenchmarkResult {
        let client = try RedisBenchmarkServer.client()
        defer { client.close() }
        let count = max(batchSize, Int(100_000 * options.scale))
        let prefix = "bench:cache:\(getpid()):"
        let store = RedisCacheStore(client: client, keyPrefix: prefix)
        let entries = (0..<count).map {
            CacheEntry(key: "k\($0)", value: Data(repeating: UInt8($0 % 251), count: 64), ttl: .seconds(600))
        }
        let keys = entries.map(\.key)

        let batchedSet = try await Measure.median(repetitions: options.repetitions) {
            for start in stride(from: 0, to: count, by: batchSize) {
                try await store.set(Array(entries[start..<min(start + batchSize, count)]))
            }
        }
        let batchedGet = try await Measure.median(repetitions: options.repetitions) {
            for start in stride(from: 0, to: count, by: batchSize) {
                let found = try await store.get(Array(keys[start..<min(start + batchSize, count)]))
                precondition(found.count == min(batchSize, count - start), "batched get lost keys")
            }
        }
        let singleSet = try await Measure.median(repetitions: options.repetitions) {
            for entry in entries {
                try await client.send(RedisCommand("SET", prefix + entry.key, entry.value, "PX", 600_000))
            }
        }
        let singleGet = try await Measure.median(repetitions: options.repetitions) {
            for key in keys { _ = try await client.send(RedisCommand("GET", prefix + key)) }
        }
        _ = try await store.delete(keys)

        return BenchmarkResult(
            scenario: name,
            rows: [
                .init(variant: "batched set (MULTI of 1,000 SET PX)", items: count, medianSeconds: batchedSet),
                .init(variant: "batched get (MGET of 1,000)", items: count, medianSeconds: batchedGet),
                .init(variant: "baseline set (1 SET per round trip)", items: count, medianSeconds: singleSet),
                .init(variant: "baseline get (1 GET per round trip)", items: count, medianSeconds: singleGet),
            ],
            ratios: ["set batched/baseline": singleSet / batchedSet, "get batched/baseline": singleGet / batchedGet],
            notes: ["server \(client.configuration); 64-byte values; one connection at a time"])
    }
}

/// The server the Redis scenarios use.
enum RedisBenchmarkServer {
    /// A client for `UPKEEP_REDIS_URL`.
    ///
    /// - Throws: an error saying how to start a server when the variable is unset.
    static func client() throws -> RedisClient {
        guard let url = ProcessInfo.processInfo.environment["UPKEEP_REDIS_URL"], !url.isEmpty else {
            throw RedisError(
                .invalidConfiguration,
                message: "set UPKEEP_REDIS_URL, for example after scripts/redis-start.sh /tmp/upkeep-redis 6390: "
                    + "export UPKEEP_REDIS_URL=redis://127.0.0.1:6390/0")
        }
        return try RedisClient(url: url)
    }
}
