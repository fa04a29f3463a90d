/// A task whose type or payload is not a valid job task; such tasks are dead-lettered.
public struct JobTaskPayloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The task's id.
    public var taskID: String
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(taskID: String, reason: String) {
        self.taskID = taskID
        self.reason = reason
    }

    public var description: String { "malformed task \(taskID): \(reason)" }
}
