import Foundation

/// Every scenario this executable knows, in the order `all` runs them.
let scenarios: [any BenchmarkScenario] = [
    DecayMemoryScenario(),
    DecaySQLiteScenario(),
    SyncSQLiteScenario(),
    RedisCacheScenario(),
    RedisBusScenario(),
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "--help" else {
    print("usage: UpkeepBenchmarks SCENARIO [--scale X] [--repetitions N] [--json FILE]\n\nscenarios:")
    for scenario in scenarios {
        print("  \(scenario.name.padding(toLength: 20, withPad: " ", startingAt: 0))\(scenario.summary)")
    }
    exit(arguments.isEmpty ? 2 : 0)
}

guard let scenario = scenarios.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(Data("error: unknown scenario '\(name)'; run with --help for the list\n".utf8))
    exit(2)
}

var options = BenchmarkOptions(
    directory: FileManager.default.temporaryDirectory.appendingPathComponent("upkeep-bench-\(getpid())"))
var jsonPath: String?
var index = 1
while index < arguments.count {
    let flag = arguments[index]
    let value = index + 1 < arguments.count ? arguments[index + 1] : nil
    switch (flag, value) {
    case ("--scale", let value?): options.scale = Double(value) ?? options.scale
    case ("--repetitions", let value?): options.repetitions = Int(value) ?? options.repetitions
    case ("--json", let value?): jsonPath = value
    default:
        FileHandle.standardError.write(Data("error: unexpected argument '\(flag)'\n".utf8))
        exit(2)
    }
    index += 2
}

try FileManager.default.createDirectory(at: options.directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: options.directory) }

var result = try await scenario.run(options: options)
result.peakMemoryMiB = Measure.peakMemoryMiB()
BenchmarkReport.printTable(result)
let json = try BenchmarkReport.json(result)
print(json)
if let jsonPath { try Data(json.utf8).write(to: URL(fileURLWithPath: jsonPath)) }
