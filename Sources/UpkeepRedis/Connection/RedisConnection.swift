import Dispatch
import Foundation
import Upkeep

/// One connection to Redis that connects lazily and reconnects itself after a failure.
///
/// `@unchecked Sendable` is safe because every mutable stored property (`socket`, `decoder`,
/// `failures`) is read and written only inside blocks running on `queue`, a serial
/// DispatchQueue; the pool lends the connection to one caller at a time as well.
final class RedisConnection: @unchecked Sendable {
    private let configuration: RedisConfiguration
    private let logger: UpkeepLogger
    private let queue: DispatchQueue
    private var socket: RedisSocket?
    private var decoder: RESPDecoder
    private var failures = 0

    init(configuration: RedisConfiguration, logger: UpkeepLogger, number: Int) {
        self.configuration = configuration
        self.logger = logger.with(["upkeep.redis.connection": String(number)])
        self.queue = DispatchQueue(label: "upkeep.redis.connection.\(number)")
        self.decoder = RESPDecoder(limits: configuration.decoderLimits)
    }

    /// Sends `commands` in one write and returns their replies in order, error replies included.
    ///
    /// `extraTimeout` lengthens the command timeout for blocking commands such as `XREADGROUP
    /// BLOCK`. A command already sent runs to completion or timeout even if the task is cancelled.
    ///
    /// - Throws: ``RedisError`` when the connection cannot be opened, breaks or times out; the
    ///   connection is then reset and the next call reconnects.
    func execute(_ commands: [RedisCommand], extraTimeout: Duration = .zero) async throws -> [RESPValue] {
        try Task.checkCancellation()
        // The blocking socket work runs on this connection's serial DispatchQueue and resumes the
        // caller through a continuation, so Swift's cooperative threads never wait in poll/recv.
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.executeOnQueue(commands, extraTimeout: extraTimeout) })
            }
        }
    }

    /// Closes the socket; a later call reconnects.
    func close() {
        // Runs on the connection's queue, like every other access to the socket.
        queue.async { self.reset() }
    }

    // MARK: - On the queue

    private func executeOnQueue(_ commands: [RedisCommand], extraTimeout: Duration) throws(RedisError)
        -> [RESPValue]
    {
        let socket = try connectedSocket()
        let deadline = ContinuousClock.now + configuration.commandTimeout + extraTimeout
        do throws(RedisError) {
            return try exchange(commands, on: socket, until: deadline)
        } catch {
            reset()
            logger.debug("redis connection reset", ["upkeep.redis.error": error.message])
            throw error.naming(commands.count == 1 ? commands[0].name : "pipeline of \(commands.count)")
        }
    }

    private func exchange(_ commands: [RedisCommand], on socket: RedisSocket, until deadline: ContinuousClock.Instant)
        throws(RedisError) -> [RESPValue]
    {
        let bytes = RESPEncoder.encode(commands)
        var sent = 0
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        while replies.count < commands.count {
            try drainDecoder(into: &replies)
            if replies.count == commands.count { break }

            let ready = try socket.poll(readable: true, writable: sent < bytes.count, until: deadline)
            guard ready.readable || ready.writable else {
                throw RedisError(.timeout, message: "no reply within the command timeout")
            }
            if ready.writable && sent < bytes.count { sent = try socket.send(bytes, from: sent) }
            if ready.readable { try socket.receive(into: &decoder) }
        }
        return replies
    }

    private func drainDecoder(into replies: inout [RESPValue]) throws(RedisError) {
        while let value = try decoder.next() {
            if case .push = value {
                logger.trace("redis push message ignored")
                continue
            }
            replies.append(value)
        }
    }

    private func reset() {
        socket?.close()
        socket = nil
        decoder.reset()
    }

    // MARK: - Connecting

    /// The open socket, connecting first with up to `connectAttempts` tries and exponential
    /// backoff. The waits block this connection's DispatchQueue thread, not a cooperative one.
    private func connectedSocket() throws(RedisError) -> RedisSocket {
        if let socket, !socket.isStale() { return socket }
        if socket != nil { logger.debug("redis connection went stale; reconnecting") }
        reset()

        var lastError = RedisError(.connectionFailed, message: "no connect attempt made")
        for _ in 0..<max(1, configuration.connectAttempts) {
            let delay = configuration.backoff(afterFailures: failures)
            if delay > .zero { Thread.sleep(forTimeInterval: delay.timeInterval) }
            do throws(RedisError) {
                let socket = try open()
                self.socket = socket
                if failures > 0 { logger.info("redis reconnected", ["upkeep.redis.server": serverName]) }
                failures = 0
                return socket
            } catch  where error.code == .authenticationFailed || error.code == .server {
                throw error
            } catch {
                failures += 1
                lastError = error
            }
        }
        logger.warning(
            "redis unreachable", ["upkeep.redis.server": serverName, "upkeep.redis.error": lastError.message])
        throw lastError
    }

    private var serverName: String { "\(configuration.host):\(configuration.port)" }

    private func open() throws(RedisError) -> RedisSocket {
        let deadline = ContinuousClock.now + configuration.connectTimeout
        let socket = try RedisSocket.connect(host: configuration.host, port: configuration.port, deadline: deadline)
        decoder.reset()
        do throws(RedisError) {
            for command in handshake() {
                let reply = try exchange([command], on: socket, until: deadline)[0]
                if let message = reply.errorMessage { throw RedisError.server(message, command: command.name) }
            }
        } catch {
            socket.close()
            decoder.reset()
            throw error.code == .timeout ? RedisError(.connectionFailed, message: "handshake timed out") : error
        }
        return socket
    }

    /// `HELLO 3 [AUTH user pass]` or `AUTH [user] pass`, then `SELECT db` when not 0.
    private func handshake() -> [RedisCommand] {
        var commands: [RedisCommand] = []
        switch configuration.protocolVersion {
        case .resp3:
            var arguments: [any RedisArgument] = [3]
            if let password = configuration.password {
                arguments += ["AUTH", configuration.username ?? "default", password]
            }
            commands.append(RedisCommand("HELLO", arguments: arguments))
        case .resp2:
            if let password = configuration.password {
                let user: [any RedisArgument] = configuration.username.map { [$0] } ?? []
                commands.append(RedisCommand("AUTH", arguments: user + [password]))
            }
        }
        if configuration.database != 0 { commands.append(RedisCommand("SELECT", configuration.database)) }
        return commands
    }
}
