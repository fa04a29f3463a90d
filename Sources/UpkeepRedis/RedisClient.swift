import Foundation
import Upkeep

/// A Redis client over POSIX sockets with a bounded connection pool, pipelining, transactions,
/// Lua scripts and automatic reconnection.
///
/// A call whose connection breaks fails with ``RedisError`` (its outcome is unknown); the next
/// call reconnects, waiting with exponential backoff between attempts while the server is away.
/// Socket I/O runs on one serial DispatchQueue per connection, never on Swift's cooperative pool.
///
/// ```swift
/// let client = try RedisClient(url: "redis://127.0.0.1:6379/0")
/// try await client.send(RedisCommand("SET", "greeting", "hello"))
/// ```
public final class RedisClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool

    /// Creates a client; connections open on first use.
    public init(configuration: RedisConfiguration, logger: UpkeepLogger = .disabled) {
        self.configuration = configuration
        let logger = logger.with(["upkeep.store": "redis"])
        self.pool = RedisConnectionPool(configuration: configuration, logger: logger)
    }

    /// Creates a client from a `redis://` URL.
    ///
    /// - Throws: ``RedisError`` with code ``RedisError/Code/invalidConfiguration`` for a bad URL.
    public convenience init(url: String, logger: UpkeepLogger = .disabled) throws(RedisError) {
        self.init(configuration: try RedisConfiguration(url: url), logger: logger)
    }

    /// Closes idle connections and fails later calls with ``RedisError/Code/closed``.
    public func close() {
        pool.close()
    }

    // MARK: - Commands

    /// Sends one command and returns its reply.
    ///
    /// - Parameter blocking: how long a blocking command (`BLPOP`, `XREADGROUP BLOCK`) may wait,
    ///   added to the command timeout.
    /// - Throws: ``RedisError``: ``RedisError/Code/server`` for an error reply, or a connection,
    ///   timeout or protocol code.
    @discardableResult
    public func send(_ command: RedisCommand, blocking: Duration = .zero) async throws -> RESPValue {
        let reply = try await pool.withConnection { try await $0.execute([command], extraTimeout: blocking) }[0]
        if let message = reply.errorMessage { throw RedisError.server(message, command: command.name) }
        return reply
    }

    /// Sends one command built from a name and arguments and returns its reply.
    ///
    /// - Throws: ``RedisError`` as ``send(_:blocking:)`` does.
    @discardableResult
    public func send(_ name: String, _ arguments: any RedisArgument...) async throws -> RESPValue {
        try await send(RedisCommand(name, arguments: arguments))
    }

    /// Sends commands in one write and reads all replies in one round trip.
    ///
    /// The commands are not atomic; use ``transaction(_:)`` for that. Error replies are returned
    /// in place as ``RESPValue/error(_:)`` so one failure does not hide the other results.
    ///
    /// - Throws: ``RedisError`` when the connection fails.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        return try await pool.withConnection { try await $0.execute(commands) }
    }

    /// Runs commands atomically in `MULTI`/`EXEC` in one round trip and returns their results.
    ///
    /// A command that fails at run time yields an ``RESPValue/error(_:)`` in place; the others
    /// still apply, as Redis transactions do not roll back.
    ///
    /// - Throws: ``RedisError`` when a command is rejected while queueing (`EXECABORT`) or the
    ///   connection fails.
    public func transaction(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let replies = try await pipeline([RedisCommand("MULTI")] + commands + [RedisCommand("EXEC")])
        if let rejected = replies.dropLast().first(where: { $0.errorMessage != nil }),
            let message = rejected.errorMessage
        {
            throw RedisError.server(message, command: "EXEC")
        }
        guard let results = replies.last?.elements else {
            throw RedisError.server(replies.last?.errorMessage ?? "transaction aborted", command: "EXEC")
        }
        return results
    }

    /// Runs a Lua script by its SHA-1, sending the source only when the server lacks it.
    ///
    /// - Throws: ``RedisError``: ``RedisError/Code/server`` when the script raises an error.
    @discardableResult
    public func evaluate(_ script: RedisScript, keys: [String], arguments: [any RedisArgument] = [])
        async throws -> RESPValue
    {
        do {
            return try await send(script.evalSHA(keys: keys, arguments: arguments))
        } catch let error as RedisError where error.serverErrorPrefix == "NOSCRIPT" {
            return try await send(script.eval(keys: keys, arguments: arguments))
        }
    }

    /// Runs a Lua script once per call in `calls`, pipelined in one round trip, and returns the
    /// replies in order with error replies in place.
    ///
    /// Calls the server answered with `NOSCRIPT` did not run; they are sent again with `EVAL`.
    ///
    /// - Throws: ``RedisError`` when the connection fails.
    public func evaluate(_ script: RedisScript, calls: [(keys: [String], arguments: [any RedisArgument])])
        async throws -> [RESPValue]
    {
        var replies = try await pipeline(calls.map { script.evalSHA(keys: $0.keys, arguments: $0.arguments) })
        let missing = replies.indices.filter { replies[$0].errorMessage?.hasPrefix("NOSCRIPT") == true }
        guard !missing.isEmpty else { return replies }

        let retried = try await pipeline(
            missing.map { script.eval(keys: calls[$0].keys, arguments: calls[$0].arguments) })
        for (index, reply) in zip(missing, retried) { replies[index] = reply }
        return replies
    }
}
