import Testing
import Upkeep
import UpkeepRedis
import UpkeepTesting

/// The shared store conformance suites, run against the real server in real time: Redis keeps
/// TTLs and stream idle times itself, so a manual clock cannot move them.
@Suite("Redis conformance", .redisServer)
struct RedisConformanceTests {
    /// One second per unit of conformance time; checks stay half a unit away from deadlines, which
    /// leaves room for a loaded machine.
    private static let time = ConformanceTime.real(unit: .seconds(1))

    @Test(arguments: CacheStoreConformance.checks)
    func cacheStoreConforms(_ check: CacheStoreConformance.Check) async throws {
        let client = try await RedisTestServer.client()
        defer { client.close() }
        try await CacheStoreConformance.run(check, time: Self.time) { _ in
            RedisCacheStore(client: client, keyPrefix: RedisTestServer.uniquePrefix("conformance"))
        }
    }

    @Test(arguments: TaskBusConformance.checks)
    func taskBusConforms(_ check: TaskBusConformance.Check) async throws {
        let client = try await RedisTestServer.client()
        defer { client.close() }
        try await TaskBusConformance.run(check, time: Self.time) { clock in
            RedisTaskBus(
                client: client, name: RedisTestServer.uniquePrefix("conformance"), keyPrefix: "test:",
                pollInterval: .milliseconds(20), clock: clock)
        }
    }
}
