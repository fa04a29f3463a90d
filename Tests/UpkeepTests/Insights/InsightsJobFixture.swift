import Foundation
import Testing
import Upkeep
import UpkeepTesting

/// In-memory stores on a manual clock, with builders for the job tests' graph.
struct InsightsJobFixture {
    let clock: ManualClock
    let graph = InMemoryGraphStore()
    let records = InMemoryRecordStore()
    let cache: InMemoryCacheStore
    let ledger = InMemoryRunLedger()

    init(now: String) {
        clock = ManualClock(InsightsFixtures.instant(now))
        cache = InMemoryCacheStore(clock: clock)
    }

    var runner: JobRunner {
        JobRunner(
            environment: JobEnvironment(
                graph: graph, records: records, cache: cache, ledger: ledger, clock: clock))
    }

    func run(_ job: any Job, batchSize: Int = 2, dryRun: Bool = false) async -> JobReport {
        await runner.run(job, options: JobOptions(batchSize: batchSize, dryRun: dryRun))
    }

    static func node(_ key: NodeKey, at time: String, _ properties: Properties = [:]) -> Node {
        Node(key: key, properties: properties, createdAt: InsightsFixtures.instant(time))
    }

    static func item(
        _ key: NodeKey,
        owner: Int64?,
        at time: String,
        _ properties: Properties = [:]
    ) -> Node {
        var properties = properties
        if let owner {
            properties[Node.Property.owner] = .string(NodeKey(.user, owner).description)
        }
        return node(key, at: time, properties)
    }

    static func edge(
        _ type: RelationshipType,
        _ from: NodeKey,
        _ to: NodeKey,
        _ weight: Double,
        at time: String = "2026-11-01T00:00:00Z"
    ) -> Relationship {
        Relationship(
            key: RelationshipKey(type, from: from, to: to), weight: weight,
            createdAt: InsightsFixtures.instant(time))
    }

    /// The cached value under `key` decoded as `type`, or `nil` when the key is absent.
    func cached<Value: Decodable>(_ key: String, as type: Value.Type) async throws -> Value? {
        guard let data = try await cache.get([key])[key] else { return nil }
        return try CacheValueCoding.decode(type, from: data)
    }
}
