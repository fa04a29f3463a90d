/// A Lua script run with `EVALSHA`, falling back to `EVAL` when the server answers `NOSCRIPT`.
///
/// Redis runs a script atomically: no other command runs between its calls.
public struct RedisScript: Hashable, Sendable {
    /// The Lua source.
    public let source: String
    /// The SHA-1 of the source, as the server names the script.
    public let sha1: String

    /// Creates a script from its Lua source.
    public init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hexDigest(Array(source.utf8))
    }

    /// The `EVALSHA` command for `keys` and `arguments`.
    func evalSHA(keys: [String], arguments: [any RedisArgument]) -> RedisCommand {
        RedisCommand("EVALSHA", arguments: [sha1, keys.count] + keys + arguments)
    }

    /// The `EVAL` command for `keys` and `arguments`, which sends the source.
    func eval(keys: [String], arguments: [any RedisArgument]) -> RedisCommand {
        RedisCommand("EVAL", arguments: [source, keys.count] + keys + arguments)
    }
}
