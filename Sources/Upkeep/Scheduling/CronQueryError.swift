/// A cron query line that could not be answered, with a message naming the bad value.
public struct CronQueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public var message: String

    /// Creates an error.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
