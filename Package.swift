// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Upkeep",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Upkeep", targets: ["Upkeep"]),
        .library(name: "UpkeepTesting", targets: ["UpkeepTesting"]),
        .library(name: "UpkeepDemo", targets: ["UpkeepDemo"]),
    ],
    targets: [
        // The server-free core: model, store protocols, algorithms, jobs and in-memory stores.
        .target(name: "Upkeep"),

        // Helpers for hosts' and backends' tests: a manual clock, fixtures, conformance suites.
        .target(name: "UpkeepTesting", dependencies: ["Upkeep"]),

        // A deterministic synthetic data set for demos and benchmarks.
        .target(name: "UpkeepDemo", dependencies: ["Upkeep"]),

        .testTarget(name: "UpkeepTests", dependencies: ["Upkeep", "UpkeepTesting", "UpkeepDemo"]),

        // Measures throughput against a baseline in the same process; run in release.
        .executableTarget(
            name: "UpkeepBenchmarks",
            dependencies: ["Upkeep", "UpkeepTesting"],
            path: "Benchmarks"
        ),
    ],
    swiftLanguageModes: [.v6]
)
