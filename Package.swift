// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Upkeep",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Upkeep", targets: ["Upkeep"]),
        .library(name: "UpkeepTesting", targets: ["UpkeepTesting"]),
        .library(name: "UpkeepRedis", targets: ["UpkeepRedis"]),
    ],
    targets: [
        // The server-free core: model, store protocols, algorithms, jobs and in-memory stores.
        .target(name: "Upkeep"),

        // Helpers for hosts' and backends' tests: a manual clock, fixtures, conformance suites.
        .target(name: "UpkeepTesting", dependencies: ["Upkeep"]),

        .testTarget(name: "UpkeepTests", dependencies: ["Upkeep", "UpkeepTesting"]),

        // Redis: cache store, Streams task bus and leases over a pure-Swift RESP client.
        .target(name: "UpkeepRedis", dependencies: ["Upkeep"]),
        .testTarget(name: "UpkeepRedisTests", dependencies: ["UpkeepRedis", "UpkeepTesting"]),

        // Measures throughput against a baseline in the same process; run in release.
        .executableTarget(
            name: "UpkeepBenchmarks",
            dependencies: ["Upkeep", "UpkeepTesting", "UpkeepRedis"],
            path: "Benchmarks"
        ),
    ],
    swiftLanguageModes: [.v6]
)
