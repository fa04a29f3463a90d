import Foundation
import Upkeep

/// What every command shares: the database path, the configuration and the logger.
struct CommandContext: Sendable {
    /// The SQLite database file.
    var databasePath: String
    /// Job and schedule settings, from `--config` or the defaults.
    var configuration: UpkeepConfiguration
    /// Structured logs on standard error.
    var logger: UpkeepLogger

    /// Reads the global options.
    ///
    /// - Throws: ``UsageError`` for an unknown log level or a configuration file that cannot be
    ///   read or decoded; the message names the file and the key.
    init(arguments: ParsedArguments) throws {
        databasePath = arguments.value("--database") ?? "upkeep.sqlite"
        guard !databasePath.isEmpty else {
            throw UsageError(message: "--database expects a file path, got an empty string", command: nil)
        }

        let levelName = arguments.value("--log-level") ?? "warning"
        guard let level = LogLevel(name: levelName) else {
            let names = LogLevel.allCases.map(\.description).joined(separator: ", ")
            throw UsageError(message: "--log-level expects one of \(names), got '\(levelName)'", command: nil)
        }
        logger = UpkeepLogger(handler: StandardErrorLogHandler(), minimumLevel: level)

        if let path = arguments.value("--config") {
            do {
                configuration = try UpkeepConfiguration.load(contentsOf: URL(fileURLWithPath: path))
            } catch let error as ConfigurationError {
                throw UsageError(message: "bad configuration: \(error)", command: nil)
            }
        } else {
            configuration = UpkeepConfiguration()
        }
    }
}
