import Foundation
import Upkeep
import UpkeepRedis

/// `redis-bus`: tasks published, claimed and acknowledged through ``RedisTaskBus`` on Streams.
struct RedisBusScenario: BenchmarkScenario {
    let name = "redis-bus"
    let summary = "100k tasks published, consumed and acknowledged through the Redis Streams bus"

    private let batchSize = 1_000
    private let consumers = 8

    func run(options: BenchmarkOptions) async throws -> BenchmarkResult {
        let client = try RedisBenchmarkServer.client()
        defer { client.close() }
        let count = max(batchSize, Int(100_000 * options.scale))
        var publishTimes: [Double] = []
        var consumeTimes: [Double] = []

        for repetition in 0..<max(1, options.repetitions) {
            let bus = RedisTaskBus(client: client, name: "bench-\(getpid())-\(repetition)", keyPrefix: "bench:")
            let tasks = (0..<count).map {
                UpkeepTask(type: "bench", payload: Data(#"{"n":\#($0)}"#.utf8), notBefore: Date(epochMilliseconds: 0))
            }
            publishTimes.append(
                try await Measure.seconds {
                    for start in stride(from: 0, to: count, by: batchSize) {
                        _ = try await bus.publish(Array(tasks[start..<min(start + batchSize, count)]))
                    }
                })
            var consumed = 0
            consumeTimes.append(try await Measure.seconds { consumed = try await consumeAll(bus) })
            precondition(consumed == count, "consumed \(consumed) of \(count) tasks")
            try await client.send(RedisCommand("DEL", bus.streamKey))
        }

        let publish = publishTimes.sorted()[publishTimes.count / 2]
        let consume = consumeTimes.sorted()[consumeTimes.count / 2]
        return BenchmarkResult(
            scenario: name,
            rows: [
                .init(variant: "publish (batches of 1,000, one script each)", items: count, medianSeconds: publish),
                .init(
                    variant: "claim 100 + ack each (\(consumers) consumers)", items: count, medianSeconds: consume),
                .init(variant: "end to end", items: count, medianSeconds: publish + consume),
            ],
            notes: [
                "server \(client.configuration); ack is one script call per task, \(consumers) connections",
                "tasks are acknowledged with XACK + XDEL, so the stream ends empty",
            ])
    }

    /// Runs consumers until the bus is empty; returns how many tasks they acknowledged.
    private func consumeAll(_ bus: RedisTaskBus) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<consumers {
                group.addTask {
                    var acknowledged = 0
                    while true {
                        let batch = try await bus.claim(
                            consumer: "c\(index)", limit: 100, visibilityTimeout: .seconds(60), wait: .zero)
                        if batch.isEmpty { return acknowledged }
                        for delivery in batch { try await bus.ack(delivery) }
                        acknowledged += batch.count
                    }
                }
            }
            return try await group.reduce(0, +)
        }
    }
}
