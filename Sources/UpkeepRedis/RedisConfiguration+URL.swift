import Foundation

extension RedisConfiguration {
    /// Parses `redis://[user][:password]@host[:port][/db]`, percent-decoding user and password.
    ///
    /// Query items are not supported. The port defaults to 6379 and the database to 0.
    ///
    /// - Throws: ``RedisError`` with code ``RedisError/Code/invalidConfiguration`` naming the
    ///   problem and showing the URL with its password redacted; `rediss://` (TLS) is rejected
    ///   because this client has no TLS support.
    public init(url: String) throws(RedisError) {
        let shown = Self.redacting(url)
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw Self.invalid("'\(shown)' is not a URL")
        }
        guard scheme != "rediss" else {
            throw Self.invalid("'\(shown)' asks for TLS (rediss), which this client does not support; use redis://")
        }
        guard scheme == "redis" else {
            throw Self.invalid("'\(shown)' has scheme '\(scheme)'; expected redis://")
        }
        guard let host = components.host, !host.isEmpty else { throw Self.invalid("'\(shown)' has no host") }
        let port = components.port ?? 6379
        guard (1...65_535).contains(port) else { throw Self.invalid("'\(shown)' has port \(port) out of range") }

        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let database = path.isEmpty ? 0 : Int(path), database >= 0 else {
            throw Self.invalid("'\(shown)' has database '\(path)'; expected a number such as /0")
        }
        let user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        self.init(
            host: host,
            port: port,
            username: user.flatMap { $0.isEmpty ? nil : $0 },
            password: password,
            database: database)
    }

    /// `url` with whatever sits between `user:` and `@` replaced by `***`.
    public static func redacting(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"),
            let at = url[schemeEnd.upperBound...].lastIndex(of: "@")
        else { return url }
        let userInfo = url[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return url[..<colon] + ":***" + url[at...]
    }

    private static func invalid(_ message: String) -> RedisError {
        RedisError(.invalidConfiguration, message: message)
    }
}
