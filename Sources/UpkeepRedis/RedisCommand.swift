import Foundation

/// One Redis command with its arguments, ready to encode.
///
/// ```swift
/// let command = RedisCommand("SET", "greeting", "hello", "PX", 5_000)
/// ```
public struct RedisCommand: Hashable, Sendable {
    /// The command name and its arguments, as the bytes sent to the server.
    public var arguments: [Data]

    /// The command's name, for error messages; never its arguments, which may hold secrets.
    public var name: String {
        arguments.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
    }

    /// Creates a command from a name and arguments.
    public init(_ name: String, _ arguments: any RedisArgument...) {
        self.init(name, arguments: arguments)
    }

    /// Creates a command from a name and an argument list.
    public init(_ name: String, arguments: [any RedisArgument]) {
        self.arguments = [Data(name.utf8)] + arguments.map(\.redisArgument)
    }

    var estimatedSize: Int { arguments.reduce(16) { $0 + $1.count + 16 } }
}

/// A value that can be sent as a command argument.
public protocol RedisArgument {
    /// The bytes sent for this value.
    var redisArgument: Data { get }
}

extension String: RedisArgument {
    /// The string's UTF-8 bytes.
    public var redisArgument: Data { Data(utf8) }
}

extension Substring: RedisArgument {
    /// The substring's UTF-8 bytes.
    public var redisArgument: Data { Data(utf8) }
}

extension Data: RedisArgument {
    /// The bytes themselves.
    public var redisArgument: Data { self }
}

extension Int: RedisArgument {
    /// The integer in decimal.
    public var redisArgument: Data { Data(String(self).utf8) }
}

extension Int64: RedisArgument {
    /// The integer in decimal.
    public var redisArgument: Data { Data(String(self).utf8) }
}
