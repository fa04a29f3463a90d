// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Upkeep",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Upkeep", targets: ["Upkeep"]),
        .library(name: "UpkeepTesting", targets: ["UpkeepTesting"]),
        .library(name: "UpkeepSQLite", targets: ["UpkeepSQLite"]),
    ],
    targets: [
        // The server-free core: model, store protocols, algorithms, jobs and in-memory stores.
        .target(name: "Upkeep"),

        // Helpers for hosts' and backends' tests: a manual clock, fixtures, conformance suites.
        .target(name: "UpkeepTesting", dependencies: ["Upkeep"]),

        .testTarget(name: "UpkeepTests", dependencies: ["Upkeep", "UpkeepTesting"]),

        // The system libsqlite3 (3.35 or newer, for RETURNING), found through pkg-config.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),

        // All five stores on one embedded SQLite file.
        .target(name: "UpkeepSQLite", dependencies: ["Upkeep", "CSQLite"]),
        .testTarget(name: "UpkeepSQLiteTests", dependencies: ["UpkeepSQLite", "UpkeepTesting"]),

        // Measures throughput against a baseline in the same process; run in release.
        .executableTarget(
            name: "UpkeepBenchmarks",
            dependencies: ["Upkeep", "UpkeepTesting", "UpkeepSQLite"],
            path: "Benchmarks"
        ),
    ],
    swiftLanguageModes: [.v6]
)
