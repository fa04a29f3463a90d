/// An error raised by the Redis client: a connection, protocol or server failure.
///
/// The description names the command that failed (never its arguments) and the server's message;
/// it never includes a password, including when the error comes from parsing a URL.
public struct RedisError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String

        /// Creates a code.
        public init(_ name: String) { self.name = name }

        /// The server could not be reached: refused, unresolvable or not answering in time.
        public static let connectionFailed = Code("connectionFailed")
        /// The connection broke while a command was in flight; its outcome is unknown.
        public static let connectionClosed = Code("connectionClosed")
        /// The server did not answer within the command timeout; the connection was reset.
        public static let timeout = Code("timeout")
        /// The server sent bytes that are not valid RESP or exceed the decoder's limits.
        public static let protocolError = Code("protocolError")
        /// The server answered with an error reply; see ``RedisError/serverMessage``.
        public static let server = Code("server")
        /// The server rejected the credentials or the user lacks permission.
        public static let authenticationFailed = Code("authenticationFailed")
        /// The reply had an unexpected shape for the command.
        public static let unexpectedReply = Code("unexpectedReply")
        /// The configuration or URL is invalid.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The client was shut down.
        public static let closed = Code("closed")

        public var description: String { name }
    }

    /// What went wrong.
    public var code: Code
    /// The name of the command that failed, such as `XREADGROUP`, when there is one.
    public var command: String?
    /// The server's error reply, such as `WRONGTYPE Operation against a key ...`.
    public var serverMessage: String?
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, command: String? = nil, serverMessage: String? = nil, message: String) {
        self.code = code
        self.command = command
        self.serverMessage = serverMessage
        self.message = message
    }

    /// The first word of the server's message, such as `NOSCRIPT`, `NOGROUP` or `WRONGPASS`.
    public var serverErrorPrefix: String? {
        serverMessage?.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    public var description: String {
        var text = "redis"
        if let command { text += ": \(command)" }
        text += " failed (\(code)): \(message)"
        if let serverMessage { text += " [server: \(serverMessage)]" }
        return text
    }

    /// An error for a server error reply to `command`.
    static func server(_ message: String, command: String) -> RedisError {
        let prefix = message.split(separator: " ", maxSplits: 1).first ?? ""
        let isAuth = ["WRONGPASS", "NOAUTH", "NOPERM"].contains(prefix)
        return RedisError(
            isAuth ? .authenticationFailed : .server,
            command: command,
            serverMessage: message,
            message: isAuth ? "the server refused the credentials or permission" : "the server replied with an error")
    }

    /// A copy naming `command`.
    func naming(_ command: String) -> RedisError {
        var copy = self
        copy.command = copy.command ?? command
        return copy
    }
}
