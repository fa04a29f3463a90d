import Foundation
import Testing

@testable import UpkeepRedis

@Suite("Redis configuration")
struct RedisConfigurationTests {
    @Test func parsesAFullURLWithPercentEncodedCredentials() throws {
        let configuration = try RedisConfiguration(url: "redis://app%40team:p%3Ass%2Fw0rd@cache.local:6391/3")
        #expect(configuration.host == "cache.local")
        #expect(configuration.port == 6391)
        #expect(configuration.username == "app@team")
        #expect(configuration.password == "p:ss/w0rd")
        #expect(configuration.database == 3)
    }

    @Test func parsesAPasswordOnlyURLWithDefaults() throws {
        let configuration = try RedisConfiguration(url: "redis://:secret@localhost")
        #expect(configuration.username == nil)
        #expect(configuration.password == "secret")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
    }

    @Test func rejectsTLSURLsClearlyWithoutThePassword() {
        #expect {
            try RedisConfiguration(url: "rediss://user:hunter2@host:6380/0")
        } throws: { error in
            let text = "\(error)"
            return text.contains("TLS") && !text.contains("hunter2") && text.contains("***")
        }
    }

    @Test func rejectsABadDatabaseWithoutThePassword() {
        #expect {
            try RedisConfiguration(url: "redis://user:hunter2@host:6380/abc")
        } throws: { error in
            "\(error)".contains("'abc'") && !"\(error)".contains("hunter2")
        }
    }

    @Test func descriptionRedactsThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://admin:hunter2@127.0.0.1:6390/2")
        #expect(configuration.description == "redis://admin:***@127.0.0.1:6390/2")
        #expect(RedisConfiguration.redacting("redis://admin:hunter2@h:1/0") == "redis://admin:***@h:1/0")
    }

    @Test func backoffDoublesUpToItsCap() {
        let configuration = RedisConfiguration(
            reconnectBackoff: .milliseconds(50), maximumReconnectBackoff: .milliseconds(300))
        let delays = (0...5).map { configuration.backoff(afterFailures: $0) }
        #expect(
            delays == [
                .zero, .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(300),
                .milliseconds(300),
            ])
    }

    @Test func sha1MatchesTheStandardTestVectors() {
        #expect(SHA1.hexDigest(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hexDigest([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA1.hexDigest(long) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func encoderWritesCommandsAsArraysOfBulkStrings() {
        let bytes = RESPEncoder.encode([RedisCommand("SET", "k", Data([0, 255]), "PX", 5)])
        #expect(
            bytes == Array("*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n".utf8) + [0, 255]
                + Array("\r\n$2\r\nPX\r\n$1\r\n5\r\n".utf8))
    }
}
