import Foundation
import Testing
import Upkeep
import UpkeepTesting

@testable import UpkeepRedis

/// Starts its own redis-server through `scripts/redis-start.sh`, with append-only persistence
/// fsynced on every write, so it can stop and restart the server under a live client or
/// configure it (a password) without disturbing the shared test server.
@Suite(
    "Redis with its own server",
    .enabled(if: RedisTestServer.canStartOwnServer, "needs redis-server on PATH: apt-get install redis-server"))
struct RedisRestartTests {
    /// A server of the test's own in a temporary folder, on a port picked at random.
    private struct OwnServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("upkeep-redis-restart-\(UUID().uuidString.prefix(8))")
        let port = Int.random(in: 21_000..<29_000)

        let options: [String]

        init(options: [String] = []) {
            self.options = options
        }

        func start() async throws {
            let script = RedisTestServer.repositoryRoot.appendingPathComponent("scripts/redis-start.sh").path
            try await RedisTestServer.run(
                [script, directory.path, String(port), "--appendonly", "yes", "--appendfsync", "always"] + options)
        }

        func stop() async throws {
            let script = RedisTestServer.repositoryRoot.appendingPathComponent("scripts/redis-stop.sh").path
            try await RedisTestServer.run([script, directory.path, String(port)])
        }

        /// Starts the server, runs `body`, and stops the server and removes its files however
        /// `body` ends.
        static func with(options: [String] = [], _ body: (OwnServer) async throws -> Void) async throws {
            let server = OwnServer(options: options)
            do {
                try await server.start()
                try await body(server)
            } catch {
                try? await server.stop()
                try? FileManager.default.removeItem(at: server.directory)
                throw error
            }
            try await server.stop()
            try? FileManager.default.removeItem(at: server.directory)
        }
    }

    @Test func theBusReconnectsAfterARestartAndLosesNothingAcknowledged() async throws {
        try await OwnServer.with { server in try await busSurvivesRestart(of: server) }
    }

    private func busSurvivesRestart(of server: OwnServer) async throws {
        let client = RedisClient(
            configuration: RedisConfiguration(
                port: server.port, commandTimeout: .seconds(5), connectAttempts: 2,
                reconnectBackoff: .milliseconds(20)))
        defer { client.close() }
        let clock = ManualClock(Date(epochMilliseconds: 1_767_225_600_000))
        let bus = RedisTaskBus(client: client, name: "restart", pollInterval: .milliseconds(20), clock: clock)

        let tasks = (0..<10).map { UpkeepTask(type: "job.\($0)", notBefore: Date(epochMilliseconds: 0)) }
        _ = try await bus.publish(tasks)
        let claimed = try await bus.claim(consumer: "a", limit: 4, visibilityTimeout: .seconds(60), wait: .zero)
        try await bus.ack(claimed[0])
        try await bus.ack(claimed[1])
        let acknowledged = Set(claimed.prefix(2).map(\.task.id))

        try await server.stop()
        await #expect {
            _ = try await bus.publish([UpkeepTask(type: "while-down", notBefore: Date())])
        } throws: { error in
            let error = error as? StoreError
            return error?.code == .unavailable && "\(error!)".contains("127.0.0.1:\(server.port)")
        }

        try await server.start()
        clock.advance(by: .seconds(61))
        var redelivered: [TaskDelivery] = []
        while true {
            let batch = try await bus.claim(consumer: "b", limit: 3, visibilityTimeout: .seconds(60), wait: .zero)
            if batch.isEmpty { break }
            redelivered += batch
            for delivery in batch { try await bus.ack(delivery) }
        }
        #expect(Set(redelivered.map(\.task.id)) == Set(tasks.map(\.id)).subtracting(acknowledged))
        #expect(redelivered.count == 8)
    }

    @Test func aCallDuringAnOutageFailsClearlyAndTheNextOneReconnects() async throws {
        try await OwnServer.with { server in try await cacheSurvivesOutage(of: server) }
    }

    private func cacheSurvivesOutage(of server: OwnServer) async throws {
        let client = RedisClient(
            configuration: RedisConfiguration(
                port: server.port, connectAttempts: 1, reconnectBackoff: .milliseconds(10)))
        defer { client.close() }
        let store = RedisCacheStore(client: client)
        try await store.set([CacheEntry(key: "durable", value: Data("kept".utf8), ttl: nil)])

        try await server.stop()
        await #expect {
            _ = try await store.get(["durable"])
        } throws: { error in
            (error as? StoreError)?.code == .unavailable
        }
        try await server.start()
        #expect(try await store.get(["durable"])["durable"] == Data("kept".utf8))
    }

    @Test func authenticatesWithAPasswordOnlyAndRejectsAWrongOneWithoutShowingIt() async throws {
        let password = "pw-\(UUID().uuidString)"
        try await OwnServer.with(options: ["--requirepass", password]) { server in
            let good = try RedisClient(url: "redis://:\(password)@127.0.0.1:\(server.port)/0")
            defer { good.close() }
            #expect(try await good.send("ACL", "WHOAMI").string == "default")

            let wrong = "not-\(password)"
            let bad = try RedisClient(url: "redis://:\(wrong)@127.0.0.1:\(server.port)/0")
            defer { bad.close() }
            await #expect {
                try await bad.send("PING")
            } throws: { error in
                (error as? RedisError)?.code == .authenticationFailed && !"\(error)".contains(wrong)
                    && "\(bad.configuration)".contains(":***@")
            }

            let anonymous = RedisClient(configuration: RedisConfiguration(port: server.port))
            defer { anonymous.close() }
            await #expect {
                try await anonymous.send("PING")
            } throws: { error in
                (error as? RedisError)?.code == .authenticationFailed && (error as? RedisError)?.command == "HELLO"
            }
        }
    }
}
