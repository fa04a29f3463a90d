// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Upkeep",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Upkeep", targets: ["Upkeep"]),
        .library(name: "UpkeepTesting", targets: ["UpkeepTesting"]),
    ],
    targets: [
        // The server-free core: model, store protocols, algorithms, jobs and in-memory stores.
        .target(name: "Upkeep"),

        // Helpers for hosts' and backends' tests: a manual clock, fixtures, conformance suites.
        .target(name: "UpkeepTesting", dependencies: ["Upkeep"]),

        .testTarget(name: "UpkeepTests", dependencies: ["Upkeep", "UpkeepTesting"]),

        // Measures throughput against a baseline in the same process; run in release.
        .executableTarget(
            name: "UpkeepBenchmarks",
            dependencies: ["Upkeep", "UpkeepTesting"],
            path: "Benchmarks"
        ),
    ],
    swiftLanguageModes: [.v6]
)
