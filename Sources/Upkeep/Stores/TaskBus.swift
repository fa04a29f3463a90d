import Foundation

/// A durable queue of tasks consumed by a group of workers.
///
/// Delivery is at least once: a task claimed by a worker that dies before acknowledging it is
/// delivered again after its visibility timeout. Each claimed task goes to one worker at a time.
/// Implementations must be safe to call concurrently.
public protocol TaskBus: Sendable {
    /// Publishes tasks, each visible from its ``UpkeepTask/notBefore``.
    ///
    /// A task whose ``UpkeepTask/idempotencyKey`` was already published is not published again;
    /// the result says which happened, in the same order as `tasks`.
    func publish(_ tasks: [UpkeepTask]) async throws -> [PublishOutcome]

    /// Claims up to `limit` visible tasks for `consumer`, hiding them from other consumers for
    /// `visibilityTimeout`. Waits up to `wait` for a task when none is visible, then returns an
    /// empty array.
    func claim(consumer: String, limit: Int, visibilityTimeout: Duration, wait: Duration) async throws
        -> [TaskDelivery]

    /// Extends a claim by `visibilityTimeout` from now; returns `false` if the claim was lost.
    func extend(_ delivery: TaskDelivery, visibilityTimeout: Duration) async throws -> Bool

    /// Acknowledges a task: it is done and will not be delivered again.
    func ack(_ delivery: TaskDelivery) async throws

    /// Puts a claimed task back with its attempt count incremented, visible from `notBefore`.
    func retry(_ delivery: TaskDelivery, notBefore: Date, error: String) async throws

    /// Moves a claimed task to the dead letters with a reason.
    func deadLetter(_ delivery: TaskDelivery, reason: String) async throws

    /// Dead letters, newest first.
    func deadLetters(limit: Int) async throws -> [DeadLetter]

    /// Publishes a dead letter's task again with its attempt count reset and removes the dead
    /// letter; returns `false` when no dead letter has that id.
    func redrive(deadLetterID: String) async throws -> Bool
}

/// A unit of work on the bus.
public struct UpkeepTask: Hashable, Sendable, Codable {
    /// A unique id.
    public var id: String
    /// What to do, for example `job.relationships`.
    public var type: String
    /// The task's parameters as JSON.
    public var payload: Data
    /// How many times the task has been tried before; 0 on first delivery.
    public var attempt: Int
    /// The task is not delivered before this instant.
    public var notBefore: Date
    /// Publishing a second task with the same key does nothing, for example one per schedule slot.
    public var idempotencyKey: String?

    /// Creates a task.
    public init(
        id: String = UUID().uuidString,
        type: String,
        payload: Data = Data("{}".utf8),
        attempt: Int = 0,
        notBefore: Date,
        idempotencyKey: String? = nil
    ) {
        self.id = id
        self.type = type
        self.payload = payload
        self.attempt = attempt
        self.notBefore = notBefore
        self.idempotencyKey = idempotencyKey
    }
}

/// Whether a published task was enqueued or was a duplicate of an earlier one.
public enum PublishOutcome: Hashable, Sendable {
    /// The task is on the bus.
    case enqueued
    /// A task with the same idempotency key was published before; this one was dropped.
    case duplicate
}

/// A task claimed by a consumer, with the receipt needed to settle it.
public struct TaskDelivery: Hashable, Sendable {
    /// The task.
    public var task: UpkeepTask
    /// An opaque handle the bus uses to find the claim again.
    public var receipt: String
    /// How many times this task has been handed out, including this time.
    public var deliveryCount: Int

    /// Creates a delivery.
    public init(task: UpkeepTask, receipt: String, deliveryCount: Int) {
        self.task = task
        self.receipt = receipt
        self.deliveryCount = deliveryCount
    }
}

/// A task that will not be retried, with the reason.
public struct DeadLetter: Hashable, Sendable, Codable {
    /// The dead letter's id, for ``TaskBus/redrive(deadLetterID:)``.
    public var id: String
    /// The task as it was last delivered.
    public var task: UpkeepTask
    /// Why it was dead-lettered.
    public var reason: String
    /// When it was dead-lettered.
    public var failedAt: Date

    /// Creates a dead letter.
    public init(id: String, task: UpkeepTask, reason: String, failedAt: Date) {
        self.id = id
        self.task = task
        self.reason = reason
        self.failedAt = failedAt
    }
}
