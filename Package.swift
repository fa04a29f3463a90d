// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Upkeep",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Upkeep", targets: ["Upkeep"]),
        .library(name: "UpkeepSQLite", targets: ["UpkeepSQLite"]),
        .library(name: "UpkeepRedis", targets: ["UpkeepRedis"]),
        .library(name: "UpkeepTesting", targets: ["UpkeepTesting"]),
        .library(name: "UpkeepDemo", targets: ["UpkeepDemo"]),
        .executable(name: "upkeep", targets: ["UpkeepCLI"]),
    ],
    targets: [
        // The server-free core: model, store protocols, algorithms, jobs, scheduling and
        // in-memory stores. Foundation only.
        .target(name: "Upkeep"),

        // Helpers for hosts' and backends' tests: a manual clock, fixtures, conformance suites.
        .target(name: "UpkeepTesting", dependencies: ["Upkeep"]),

        // A deterministic synthetic data set for the demo and the benchmarks.
        .target(name: "UpkeepDemo", dependencies: ["Upkeep"]),

        // The system libsqlite3 (3.35 or newer, for RETURNING), found through pkg-config.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),

        // All five stores on one embedded SQLite file.
        .target(name: "UpkeepSQLite", dependencies: ["Upkeep", "CSQLite"]),

        // Redis: cache store, Streams task bus and leases over a pure-Swift RESP client.
        .target(name: "UpkeepRedis", dependencies: ["Upkeep"]),

        // The `upkeep` command-line tool, on embedded SQLite.
        .executableTarget(
            name: "UpkeepCLI",
            dependencies: ["Upkeep", "UpkeepSQLite", "UpkeepDemo"]
        ),

        // Measures throughput against a baseline in the same process; run in release.
        .executableTarget(
            name: "UpkeepBenchmarks",
            dependencies: ["Upkeep", "UpkeepSQLite", "UpkeepRedis", "UpkeepDemo"],
            path: "Benchmarks"
        ),

        .testTarget(name: "UpkeepTests", dependencies: ["Upkeep", "UpkeepTesting", "UpkeepDemo"]),
        .testTarget(name: "UpkeepSQLiteTests", dependencies: ["UpkeepSQLite", "UpkeepTesting"]),
        .testTarget(name: "UpkeepRedisTests", dependencies: ["UpkeepRedis", "UpkeepTesting"]),
        .testTarget(name: "UpkeepCLITests", dependencies: ["UpkeepCLI", "Upkeep", "UpkeepSQLite"]),
    ],
    swiftLanguageModes: [.v6]
)
