import Foundation
import Upkeep

extension RedisTaskBus {
    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "deadLetters") {
            guard limit > 0 else { return [] }
            let reply = try await client.send(RedisCommand("XREVRANGE", deadLetterKey, "+", "-", "COUNT", limit))
            guard let items = reply.elements else { throw RedisStoreFailure.unexpected(reply, command: "XREVRANGE") }
            return items.compactMap { item in
                guard let entry = StreamEntry(item), let letter = Self.deadLetter(from: entry) else {
                    logger.warning("undecodable dead letter skipped")
                    return nil
                }
                return letter
            }
        }
    }

    /// Publishes a dead letter's task again, visible now, with attempt 0, and removes the dead
    /// letter; the task's idempotency key does not stop it. Returns `false` for an unknown id.
    public func redrive(deadLetterID: String) async throws -> Bool {
        try await RedisStoreFailure.translate(store: .taskBus, operation: "redrive") {
            guard TaskReceipt.isStreamID(deadLetterID) else { return false }
            let reply = try await client.send(RedisCommand("XRANGE", deadLetterKey, deadLetterID, deadLetterID))
            guard let item = reply.elements?.first, let entry = StreamEntry(item),
                let letter = Self.deadLetter(from: entry)
            else { return false }

            var task = letter.task
            task.attempt = 0
            task.notBefore = clock.now()
            let moved = try await client.evaluate(
                Self.redriveScript, keys: [deadLetterKey, streamKey],
                arguments: [deadLetterID, try StoredTask.encode(task)])
            return moved.int == 1
        }
    }

    private static func deadLetter(from entry: StreamEntry) -> DeadLetter? {
        guard let data = entry.fields["task"], let task = StoredTask.decode(data),
            let failedAt = entry.fields["failedAt"].flatMap({ Int64(String(decoding: $0, as: UTF8.self)) })
        else { return nil }
        let reason = entry.fields["reason"].map { String(decoding: $0, as: UTF8.self) } ?? ""
        return DeadLetter(id: entry.id, task: task, reason: reason, failedAt: Date(epochMilliseconds: failedAt))
    }
}
