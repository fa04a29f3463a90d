import Foundation
import Testing
import Upkeep
import UpkeepRedis

/// The Redis server the integration tests use, read from `UPKEEP_REDIS_URL`.
///
/// Without a reachable server the tests are skipped with a message saying how to start one,
/// unless `UPKEEP_REQUIRE_SERVERS=1`, in which case they run and fail with that message.
enum RedisTestServer {
    static let startHint = """
        start one with `scripts/redis-start.sh /tmp/upkeep-redis 6390` and \
        `export UPKEEP_REDIS_URL=redis://127.0.0.1:6390/0`
        """

    static var url: String? { ProcessInfo.processInfo.environment["UPKEEP_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["UPKEEP_REQUIRE_SERVERS"] == "1" }

    /// Whether server tests should run: the server answers PING, or servers are required (so
    /// the tests run and fail loudly rather than being skipped).
    @Sendable static func shouldRun() async -> Bool {
        if isRequired { return true }
        guard let url, let client = try? RedisClient(url: url) else { return false }
        defer { client.close() }
        return (try? await client.send("PING")) != nil
    }

    /// A client for the test server with the given overrides applied.
    ///
    /// - Throws: an error explaining how to start the server when none is configured or it
    ///   does not answer.
    static func client(
        protocolVersion: RedisConfiguration.ProtocolVersion = .resp3,
        _ adjust: (inout RedisConfiguration) -> Void = { _ in }
    ) async throws -> RedisClient {
        var configuration = try configuration()
        configuration.protocolVersion = protocolVersion
        adjust(&configuration)
        let client = RedisClient(configuration: configuration)
        do {
            try await client.send("PING")
        } catch {
            throw ServerUnavailable(message: "Redis at \(configuration) does not answer (\(error)); \(startHint)")
        }
        return client
    }

    static func configuration() throws -> RedisConfiguration {
        guard let url else {
            throw ServerUnavailable(message: "UPKEEP_REDIS_URL is not set; \(startHint)")
        }
        return try RedisConfiguration(url: url)
    }

    /// A key prefix no other test uses, so tests can run in parallel on one database.
    static func uniquePrefix(_ test: String = #function) -> String {
        "test:\(test.prefix { $0 != "(" }):\(UUID().uuidString.prefix(8)):"
    }

    /// Runs `redis-cli` against the test server with `arguments`; returns its trimmed output.
    static func redisCLI(_ arguments: [String]) throws -> String {
        let configuration = try configuration()
        var command = ["redis-cli", "-h", configuration.host, "-p", String(configuration.port), "-n",
            String(configuration.database)]
        command += arguments
        return try run(command)
    }

    /// Runs a program found on `PATH`; returns its trimmed standard output.
    @discardableResult
    static func run(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServerUnavailable(message: "\(command.first ?? "") exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The repository's root, for its `scripts/` folder.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The reason a server test cannot run.
struct ServerUnavailable: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension Trait where Self == ConditionTrait {
    /// Skips the test unless a Redis server answers at `UPKEEP_REDIS_URL` or servers are required.
    ///
    /// A skipped test is reported as skipped, never as passed; CI sets `UPKEEP_REQUIRE_SERVERS=1`
    /// so a missing server fails the run instead.
    static var redisServer: Self {
        .enabled(
            """
            needs Redis at UPKEEP_REDIS_URL: start one with `scripts/redis-start.sh /tmp/upkeep-redis 6390` \
            and `export UPKEEP_REDIS_URL=redis://127.0.0.1:6390/0`
            """,
            RedisTestServer.shouldRun)
    }
}
