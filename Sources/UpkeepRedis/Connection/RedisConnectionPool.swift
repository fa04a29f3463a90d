import Synchronization
import Upkeep

/// Lends up to a maximum number of connections, one caller at a time each; callers beyond the
/// maximum wait in arrival order until a connection is returned.
final class RedisConnectionPool: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<RedisConnection, any Error>
    }

    private struct State {
        var idle: [RedisConnection] = []
        var created = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isClosed = false
    }

    private let configuration: RedisConfiguration
    private let logger: UpkeepLogger
    private let state = Mutex(State())

    init(configuration: RedisConfiguration, logger: UpkeepLogger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs `body` with a connection lent for its duration.
    ///
    /// - Throws: ``RedisError`` with code ``RedisError/Code/closed`` after ``close()``,
    ///   `CancellationError` when cancelled while waiting, or whatever `body` throws.
    func withConnection<T: Sendable>(_ body: (RedisConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        defer { release(connection) }
        return try await body(connection)
    }

    /// Closes idle connections and fails waiting callers; connections in use close when returned.
    func close() {
        let (idle, waiters) = state.withLock { state in
            state.isClosed = true
            defer { state.idle.removeAll(); state.waiters.removeAll() }
            return (state.idle, state.waiters)
        }
        idle.forEach { $0.close() }
        waiters.forEach { $0.continuation.resume(throwing: Self.closedError) }
    }

    // MARK: - Lending

    private enum Lease {
        case ready(RedisConnection)
        case wait(UInt64)
    }

    private func acquire() async throws -> RedisConnection {
        let lease = try state.withLock { state throws(RedisError) -> Lease in
            guard !state.isClosed else { throw Self.closedError }
            if let connection = state.idle.popLast() { return .ready(connection) }
            if state.created < max(1, configuration.maximumConnections) {
                state.created += 1
                let number = state.created
                return .ready(RedisConnection(configuration: configuration, logger: logger, number: number))
            }
            state.nextWaiterID += 1
            return .wait(state.nextWaiterID)
        }
        switch lease {
        case .ready(let connection): return connection
        case .wait(let id): return try await wait(id: id)
        }
    }

    private func wait(id: UInt64) async throws -> RedisConnection {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release(_ connection: RedisConnection) {
        let waiter = state.withLock { state -> Waiter? in
            if state.isClosed { return nil }
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.idle.append(connection)
            return nil
        }
        if let waiter {
            waiter.continuation.resume(returning: connection)
        } else if state.withLock({ $0.isClosed }) {
            connection.close()
        }
    }

    private static let closedError = RedisError(.closed, message: "the client was closed")
}
