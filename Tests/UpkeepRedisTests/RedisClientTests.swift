import Foundation
import Testing

@testable import UpkeepRedis

@Suite("Redis client", .redisServer)
struct RedisClientTests {
    @Test(arguments: [RedisConfiguration.ProtocolVersion.resp2, .resp3])
    func pipelineSendsManyCommandsAndReadsEveryReply(version: RedisConfiguration.ProtocolVersion) async throws {
        let client = try await RedisTestServer.client(protocolVersion: version)
        defer { client.close() }
        let prefix = RedisTestServer.uniquePrefix()

        let writes = (0..<2_000).map { RedisCommand("SET", "\(prefix)\($0)", "value-\($0)", "PX", 60_000) }
        let replies = try await client.pipeline(writes + [RedisCommand("INCR", "\(prefix)0")])
        #expect(replies.dropLast().allSatisfy { $0 == .simpleString("OK") })
        #expect(replies.last?.errorMessage?.hasPrefix("ERR") == true)

        let read = try await client.send(RedisCommand("MGET", "\(prefix)7", "\(prefix)missing"))
        #expect(read.elements == [.bulkString(Data("value-7".utf8)), .null])
    }

    @Test func resp3RepliesUseMapsDoublesAndBooleans() async throws {
        let client = try await RedisTestServer.client(protocolVersion: .resp3)
        defer { client.close() }
        let prefix = RedisTestServer.uniquePrefix()

        try await client.send(RedisCommand("HSET", "\(prefix)h", "field", "1"))
        #expect(
            try await client.send(RedisCommand("HGETALL", "\(prefix)h"))
                == .map([
                    RESPPair(key: .bulkString(Data("field".utf8)), value: .bulkString(Data("1".utf8)))
                ]))
        try await client.send(RedisCommand("ZADD", "\(prefix)z", "1.5", "member"))
        #expect(try await client.send(RedisCommand("ZSCORE", "\(prefix)z", "member")) == .double(1.5))
        #expect(try await client.send(RedisCommand("EVAL", "return true", 0)) == .integer(1))
    }

    @Test func transactionRunsCommandsAtomicallyAndRejectsBadOnes() async throws {
        let client = try await RedisTestServer.client()
        defer { client.close() }
        let key = RedisTestServer.uniquePrefix() + "counter"

        let results = try await client.transaction([RedisCommand("INCR", key), RedisCommand("INCRBY", key, 5)])
        #expect(results == [.integer(1), .integer(6)])
        await #expect(throws: RedisError.self) {
            try await client.transaction([RedisCommand("INCR", key), RedisCommand("NOSUCHCOMMAND")])
        }
        #expect(try await client.send(RedisCommand("GET", key)).string == "6")
    }

    @Test func evaluateFallsBackToEvalWhenTheServerForgotTheScript() async throws {
        let client = try await RedisTestServer.client()
        defer { client.close() }
        let script = RedisScript("return ARGV[1] .. '-\(UUID().uuidString)'")

        try await client.send("SCRIPT", "FLUSH")
        let reply = try await client.evaluate(script, keys: [], arguments: ["hello"])
        #expect(reply.string?.hasPrefix("hello-") == true)
        let loaded = try await client.send("SCRIPT", "EXISTS", script.sha1)
        #expect(loaded.elements == [.integer(1)])
    }

    @Test func serverErrorsNameTheCommandAndTheServerMessage() async throws {
        let client = try await RedisTestServer.client()
        defer { client.close() }
        let key = RedisTestServer.uniquePrefix() + "list"

        try await client.send(RedisCommand("RPUSH", key, "a"))
        await #expect {
            try await client.send(RedisCommand("INCR", key))
        } throws: { error in
            let error = error as? RedisError
            return error?.code == .server && error?.command == "INCR"
                && error?.serverErrorPrefix == "WRONGTYPE"
        }
    }

    @Test func poolNeverOpensMoreThanItsMaximumConnections() async throws {
        let name = "pool-\(UUID().uuidString.prefix(8))"
        let client = try await RedisTestServer.client { $0.maximumConnections = 3 }
        defer { client.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await client.send("CLIENT", "SETNAME", name)
                    try await client.send(RedisCommand("SET", "\(name):\(index)", index, "PX", 60_000))
                }
            }
            try await group.waitForAll()
        }
        let list = try await client.send("CLIENT", "LIST").string ?? ""
        let mine = list.split(separator: "\n").filter { $0.contains("name=\(name) ") }
        #expect(mine.count >= 1 && mine.count <= 3)
    }

    @Test func selectsTheConfiguredDatabase() async throws {
        let key = RedisTestServer.uniquePrefix() + "db"
        let other = try await RedisTestServer.client { $0.database = 9 }
        defer { other.close() }
        try await other.send(RedisCommand("SET", key, "in-nine", "PX", 60_000))

        #expect(try await RedisTestServer.redisCLI(["-n", "9", "GET", key]) == "in-nine")
        let base = try await RedisTestServer.client()
        defer { base.close() }
        if base.configuration.database != 9 {
            #expect(try await base.send(RedisCommand("GET", key)) == .null)
        }
    }

    @Test(arguments: [RedisConfiguration.ProtocolVersion.resp2, .resp3])
    func authenticatesWithAnACLUserAndRejectsAWrongPasswordWithoutShowingIt(
        version: RedisConfiguration.ProtocolVersion
    ) async throws {
        let admin = try await RedisTestServer.client()
        defer { admin.close() }
        let user = "upkeep-test-\(UUID().uuidString.prefix(8))"
        let password = "s3cret-\(UUID().uuidString)"
        try await admin.send("ACL", "SETUSER", user, "on", ">\(password)", "~*", "+@all")

        let good = try await RedisTestServer.client(protocolVersion: version) {
            $0.username = user
            $0.password = password
        }
        #expect(try await good.send("ACL", "WHOAMI").string == user)
        good.close()

        let wrong = "wrong-\(password)"
        var configuration = try RedisTestServer.configuration()
        configuration.protocolVersion = version
        configuration.username = user
        configuration.password = wrong
        let bad = RedisClient(configuration: configuration)
        defer { bad.close() }
        await #expect {
            try await bad.send("PING")
        } throws: { error in
            let text = "\(error)"
            return (error as? RedisError)?.code == .authenticationFailed && !text.contains(wrong)
                && !text.contains(password) && !"\(configuration)".contains(wrong)
        }
        try await admin.send("ACL", "DELUSER", user)
    }

    @Test func aRefusedConnectionFailsClearlyAfterItsAttempts() async throws {
        let client = RedisClient(
            configuration: RedisConfiguration(
                host: "127.0.0.1", port: 1, connectAttempts: 2, reconnectBackoff: .milliseconds(1)))
        defer { client.close() }
        await #expect {
            try await client.send("PING")
        } throws: { error in
            (error as? RedisError)?.code == .connectionFailed && "\(error)".contains("127.0.0.1:1")
        }
    }

    @Test func aCommandThatOutlivesItsTimeoutFailsAndTheConnectionRecovers() async throws {
        let client = try await RedisTestServer.client {
            $0.commandTimeout = .milliseconds(300)
            $0.maximumConnections = 1
        }
        defer { client.close() }
        let key = RedisTestServer.uniquePrefix() + "empty-list"

        await #expect {
            try await client.send(RedisCommand("BLPOP", key, 5))
        } throws: { error in
            (error as? RedisError)?.code == .timeout && (error as? RedisError)?.command == "BLPOP"
        }
        #expect(try await client.send("PING") == .simpleString("PONG"))
        #expect(try await client.send(RedisCommand("BLPOP", key, "0.05"), blocking: .milliseconds(50)) == .null)
    }
}
