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

    static var url: String? {
        ProcessInfo.processInfo.environment["UPKEEP_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

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

    /// Whether tests that start their own server should run: `redis-server` is installed, or
    /// servers are required (so a missing binary fails the run).
    static var canStartOwnServer: Bool {
        isRequired || (try? runBlocking(["which", "redis-server"])) != nil
    }

    /// A key prefix no other test uses, so tests can run in parallel on one database.
    static func uniquePrefix(_ test: String = #function) -> String {
        "test:\(test.prefix { $0 != "(" }):\(UUID().uuidString.prefix(8)):"
    }

    /// Runs `redis-cli` against the test server with `arguments`; returns its trimmed output.
    static func redisCLI(_ arguments: [String]) async throws -> String {
        let configuration = try configuration()
        var command = [
            "redis-cli", "-h", configuration.host, "-p", String(configuration.port), "-n",
            String(configuration.database),
        ]
        command += arguments
        return try await run(command)
    }

    /// Runs a program found on `PATH` on a Dispatch thread, so the wait never holds one of
    /// Swift's few cooperative threads; returns its trimmed standard output.
    @discardableResult
    static func run(_ command: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(command) })
            }
        }
    }

    /// Runs a program found on `PATH` and blocks until it exits; returns its trimmed standard
    /// output.
    ///
    /// Uses `posix_spawnp` and `waitpid` rather than `Process`, whose `waitUntilExit` can miss the
    /// exit of a script that leaves a daemon behind. Output goes to a temporary file, not a pipe,
    /// because the daemon inherits the descriptor and a pipe would never reach end of file.
    @discardableResult
    static func runBlocking(_ command: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "upkeep-run-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        // The test process blocks some signals on its threads; a spawned child (and the daemon it
        // starts) would inherit that mask and ignore SIGTERM, so start it with an empty mask.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGTERM)
        sigaddset(&defaultSignals, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &actions, &attributes, arguments, environ)
        guard spawned == 0 else { throw ServerUnavailable(message: "cannot run \(command[0]): error \(spawned)") }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode = (status >> 8) & 0xFF
        guard status & 0x7F == 0, exitCode == 0 else {
            throw ServerUnavailable(message: "\(command[0]) failed with status \(status)")
        }
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
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
