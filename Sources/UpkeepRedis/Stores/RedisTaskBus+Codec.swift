import Foundation
import Upkeep

/// The JSON form of a task inside stream entries, the delayed set and dead letters.
///
/// Times are whole epoch milliseconds, the precision every Upkeep store keeps.
struct StoredTask: Codable {
    var id: String
    var type: String
    var payload: Data
    var attempt: Int
    var notBefore: Int64
    var idempotencyKey: String?

    init(_ task: UpkeepTask) {
        id = task.id
        type = task.type
        payload = task.payload
        attempt = task.attempt
        notBefore = task.notBefore.epochMilliseconds
        idempotencyKey = task.idempotencyKey
    }

    var task: UpkeepTask {
        UpkeepTask(
            id: id, type: type, payload: payload, attempt: attempt,
            notBefore: Date(epochMilliseconds: notBefore), idempotencyKey: idempotencyKey)
    }

    /// The task as compact JSON with sorted keys, so equal tasks encode to equal bytes.
    static func encode(_ task: UpkeepTask) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(StoredTask(task))
    }

    /// The task in `data`, or `nil` when it is not a stored task.
    static func decode(_ data: Data) -> UpkeepTask? {
        (try? JSONDecoder().decode(StoredTask.self, from: data))?.task
    }
}

/// One stream entry: its id and its field-value pairs.
struct StreamEntry {
    var id: String
    var fields: [String: Data]

    /// Parses `[id, [field, value, ...]]`; returns `nil` for any other shape.
    init?(_ value: RESPValue) {
        guard let parts = value.elements, parts.count == 2, let id = parts[0].string,
            let flat = parts[1].elements, flat.count % 2 == 0
        else { return nil }
        self.id = id
        var fields: [String: Data] = [:]
        for index in stride(from: 0, to: flat.count, by: 2) {
            guard let name = flat[index].string, let data = flat[index + 1].data else { return nil }
            fields[name] = data
        }
        self.fields = fields
    }
}

/// A claim's receipt: the stream entry id, the delivery count the claim was made with and the
/// consumer holding it, as `id count consumer`.
struct TaskReceipt {
    var entryID: String
    var deliveryCount: Int
    var consumer: String

    init(entryID: String, deliveryCount: Int, consumer: String) {
        self.entryID = entryID
        self.deliveryCount = deliveryCount
        self.consumer = consumer
    }

    init?(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, Self.isStreamID(String(parts[0])), let count = Int(parts[1]) else { return nil }
        entryID = String(parts[0])
        deliveryCount = count
        consumer = String(parts[2])
    }

    var text: String { "\(entryID) \(deliveryCount) \(consumer)" }

    /// The script arguments naming this claim: group, consumer, entry id, delivery count.
    func arguments(group: String) -> [any RedisArgument] { [group, consumer, entryID, deliveryCount] }

    /// Whether `id` has the `milliseconds-sequence` form of a stream entry id.
    static func isStreamID(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt64($0) != nil }
    }
}
