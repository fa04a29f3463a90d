import Foundation

/// Where and how ``RedisClient`` connects.
///
/// The description redacts the password, so a configuration can be logged safely.
public struct RedisConfiguration: Sendable, CustomStringConvertible {
    /// The RESP version negotiated at connect time.
    public enum ProtocolVersion: Int, Sendable {
        /// RESP2: no `HELLO`; `AUTH` and `SELECT` only.
        case resp2 = 2
        /// RESP3 through `HELLO 3`, which also authenticates; needs Redis 6 or later.
        case resp3 = 3
    }

    /// The host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The ACL user; `nil` authenticates with the password alone (the `default` user).
    public var username: String?
    /// The password; `nil` skips authentication.
    public var password: String?
    /// The logical database selected on every connection.
    public var database: Int
    /// The protocol version.
    public var protocolVersion: ProtocolVersion
    /// How long a TCP connect and handshake may take.
    public var connectTimeout: Duration
    /// How long the server may take to answer a command (blocking commands add their own wait).
    public var commandTimeout: Duration
    /// The most connections open at once; further callers wait for a free one.
    public var maximumConnections: Int
    /// How many connect attempts one call makes before it fails.
    public var connectAttempts: Int
    /// The first wait between connect attempts; it doubles after each failure.
    public var reconnectBackoff: Duration
    /// The longest wait between connect attempts.
    public var maximumReconnectBackoff: Duration
    /// Bounds on replies, so a broken or hostile server cannot exhaust memory.
    public var decoderLimits: RESPDecoder.Limits

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        protocolVersion: ProtocolVersion = .resp3,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration = .seconds(10),
        maximumConnections: Int = 8,
        connectAttempts: Int = 3,
        reconnectBackoff: Duration = .milliseconds(50),
        maximumReconnectBackoff: Duration = .seconds(2),
        decoderLimits: RESPDecoder.Limits = .default
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.protocolVersion = protocolVersion
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.maximumConnections = maximumConnections
        self.connectAttempts = connectAttempts
        self.reconnectBackoff = reconnectBackoff
        self.maximumReconnectBackoff = maximumReconnectBackoff
        self.decoderLimits = decoderLimits
    }

    /// The configuration as a URL with the password replaced by `***`.
    public var description: String {
        var credentials = ""
        if let username { credentials = Self.escape(username) }
        if password != nil { credentials += ":***" }
        if !credentials.isEmpty { credentials += "@" }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "redis://\(credentials)\(hostPart):\(port)/\(database)"
    }

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? text
    }

    /// The delay before connect attempt `failures + 1`: backoff × 2^(failures − 1), capped.
    func backoff(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let factor = 1 << min(failures - 1, 20)
        return min(reconnectBackoff * factor, maximumReconnectBackoff)
    }
}
