import Foundation

/// The parameters of a `job.<name>` task on the bus, and their JSON codec.
///
/// The payload is `{"job": "sync", "dryRun": false, "force": false, "slot": 1767225600000}`, where
/// `slot` is the schedule slot in epoch milliseconds for scheduled runs and absent for manual ones.
public struct JobTaskPayload: Hashable, Sendable, Codable {
    /// The job to run.
    public var job: JobName
    /// Destructive steps only count what they would do.
    public var dryRun: Bool
    /// Destructive steps ignore the deletion guard.
    public var force: Bool
    /// The schedule slot this run is for, or `nil` for a run requested by hand.
    public var slot: Date?

    /// Creates a payload.
    public init(job: JobName, dryRun: Bool = false, force: Bool = false, slot: Date? = nil) {
        self.job = job
        self.dryRun = dryRun
        self.force = force
        self.slot = slot
    }

    /// The task type for a job: `job.<name>`.
    public static func taskType(for job: JobName) -> String { "job.\(job.rawValue)" }

    /// The idempotency key of a schedule slot: `schedule:<job>:<slot epoch ms>`.
    public static func idempotencyKey(job: JobName, slot: Date) -> String {
        "schedule:\(job.rawValue):\(slot.epochMilliseconds)"
    }

    /// A task carrying this payload, visible from `notBefore`.
    public func task(notBefore: Date, idempotencyKey: String? = nil) -> UpkeepTask {
        UpkeepTask(
            type: Self.taskType(for: job), payload: encoded(), notBefore: notBefore,
            idempotencyKey: idempotencyKey)
    }

    /// Decodes and checks the payload of a task.
    ///
    /// - Throws: ``JobTaskPayloadError`` when the type is not `job.<name>`, the payload is not the
    ///   JSON above, or the payload names a different job than the type.
    public init(decoding task: UpkeepTask) throws(JobTaskPayloadError) {
        guard task.type.hasPrefix("job."), task.type.count > 4 else {
            throw JobTaskPayloadError(taskID: task.id, reason: "task type \"\(task.type)\" is not job.<name>")
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: task.payload)
        } catch {
            let preview = String(decoding: task.payload.prefix(120), as: UTF8.self)
            throw JobTaskPayloadError(taskID: task.id, reason: "payload is not a job payload (\(error)): \(preview)")
        }
        guard Self.taskType(for: job) == task.type else {
            let reason = "payload names job \"\(job)\" but the task type is \"\(task.type)\""
            throw JobTaskPayloadError(taskID: task.id, reason: reason)
        }
    }

    /// The payload as JSON.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    private enum CodingKeys: String, CodingKey {
        case job, dryRun, force, slot
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        job = try container.decode(JobName.self, forKey: .job)
        dryRun = try container.decode(.dryRun, default: false)
        force = try container.decode(.force, default: false)
        slot = try container.decodeIfPresent(Int64.self, forKey: .slot).map(Date.init(epochMilliseconds:))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(job, forKey: .job)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(force, forKey: .force)
        try container.encodeIfPresent(slot?.epochMilliseconds, forKey: .slot)
    }
}
