import Foundation
import Upkeep

extension RedisTaskBus {
    /// Moves the claim's deadline to now + `visibilityTimeout`; returns `false` when the claim
    /// was settled or taken over.
    public func extend(_ delivery: TaskDelivery, visibilityTimeout: Duration) async throws -> Bool {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "extend") {
            let receipt = try Self.receipt(delivery, operation: "extend")
            let until = nowMilliseconds + max(0, visibilityTimeout.redisMilliseconds)
            let reply = try await client.evaluate(
                Self.extendScript, keys: [streamKey, deadlineKey], arguments: receipt.arguments(group: group) + [until])
            return reply.int == 1
        }
    }

    /// Acknowledges and deletes the entry; does nothing when the claim was settled or taken over
    /// (the new holder settles the task).
    public func ack(_ delivery: TaskDelivery) async throws {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "ack") {
            let receipt = try Self.receipt(delivery, operation: "ack")
            let reply = try await client.evaluate(
                Self.ackScript, keys: [streamKey, deadlineKey], arguments: receipt.arguments(group: group))
            if reply.int != 1 { logger.debug("ack of a lost claim ignored", ["upkeep.task": delivery.task.id]) }
        }
    }

    /// Acknowledges the entry and publishes the task again with its attempt incremented.
    ///
    /// - Throws: ``StoreError`` with code `conflict` when the claim was settled or taken over.
    public func retry(_ delivery: TaskDelivery, notBefore: Date, error: String) async throws {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "retry") {
            let receipt = try Self.receipt(delivery, operation: "retry")
            var task = delivery.task
            task.attempt += 1
            task.notBefore = notBefore
            let arguments: [any RedisArgument] = [
                try StoredTask.encode(task), notBefore.epochMilliseconds, nowMilliseconds,
            ]
            let reply = try await client.evaluate(
                Self.retryScript, keys: [streamKey, delayedKey, deadlineKey],
                arguments: receipt.arguments(group: group) + arguments)
            try settled(reply, delivery, operation: "retry")
            logger.debug("task retried", ["upkeep.task": task.id, "upkeep.error": error])
        }
    }

    /// Acknowledges the entry and appends it to the dead letters with `reason`.
    ///
    /// - Throws: ``StoreError`` with code `conflict` when the claim was settled or taken over.
    public func deadLetter(_ delivery: TaskDelivery, reason: String) async throws {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "deadLetter") {
            let receipt = try Self.receipt(delivery, operation: "deadLetter")
            let reply = try await settleDead(receipt, payload: try StoredTask.encode(delivery.task), reason: reason)
            try settled(reply, delivery, operation: "deadLetter")
        }
    }

    @discardableResult
    func settleDead(_ receipt: TaskReceipt, payload: Data, reason: String) async throws -> RESPValue {
        let arguments: [any RedisArgument] = [payload, reason, nowMilliseconds, deadLetterLimit]
        return try await client.evaluate(
            Self.deadLetterScript, keys: [streamKey, deadLetterKey, deadlineKey],
            arguments: receipt.arguments(group: group) + arguments)
    }

    private func settled(_ reply: RESPValue, _ delivery: TaskDelivery, operation: String) throws {
        guard reply.int != 1 else { return }
        throw StoreError(
            .conflict, store: .taskBus, operation: operation,
            message: "task \(delivery.task.id) is no longer claimed with receipt '\(delivery.receipt)'")
    }
}
