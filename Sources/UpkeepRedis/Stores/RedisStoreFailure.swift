import Upkeep

/// Turns client errors into the ``StoreError`` the store protocols promise.
enum RedisStoreFailure {
    /// Runs `body`, rethrowing cancellation as is and anything else as a ``StoreError`` whose
    /// ``StoreError/underlying`` is the ``RedisError``.
    static func translate<T: Sendable>(
        store: StoreError.Store,
        operation: String,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as RedisError {
            throw StoreError(
                code(for: error), store: store, operation: operation, message: error.description,
                underlying: error)
        } catch {
            throw StoreError(.backend, store: store, operation: operation, message: "\(error)")
        }
    }

    private static func code(for error: RedisError) -> StoreError.Code {
        switch error.code {
        case .connectionFailed, .connectionClosed, .closed: .unavailable
        case .timeout: .timeout
        case .protocolError, .unexpectedReply: .corrupt
        case .invalidConfiguration: .invalidInput
        default: .backend
        }
    }

    /// An error for a reply whose shape does not fit the command; names the reply's kind only,
    /// never its content, which may be a cached value.
    static func unexpected(_ reply: RESPValue, command: String) -> RedisError {
        RedisError(
            .unexpectedReply, command: command, message: "unexpected reply: \(reply.kind)")
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded up so a positive duration is never 0.
    var redisMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let fraction =
            attoseconds > 0
            ? (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000 : attoseconds / 1_000_000_000_000_000
        return seconds * 1000 + fraction
    }
}
