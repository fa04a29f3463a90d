import Foundation
import Testing
import Upkeep
import UpkeepTesting

@testable import UpkeepRedis

@Suite("RESP decoder")
struct RESPDecoderTests {
    private func decodeAll(_ text: String, limits: RESPDecoder.Limits = .default) throws -> [RESPValue] {
        var decoder = RESPDecoder(limits: limits)
        decoder.feed(Array(text.utf8))
        var values: [RESPValue] = []
        while let value = try decoder.next() { values.append(value) }
        return values
    }

    @Test func decodesEveryRESP2Type() throws {
        let values = try decodeAll("+OK\r\n-ERR bad\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n:1\r\n$0\r\n\r\n*-1\r\n")
        #expect(
            values == [
                .simpleString("OK"), .error("ERR bad"), .integer(-42), .bulkString(Data("hello".utf8)), .null,
                .array([.integer(1), .bulkString(Data())]), .null,
            ])
    }

    @Test func decodesEveryRESP3Type() throws {
        let text =
            "_\r\n#t\r\n#f\r\n,1.5\r\n,-inf\r\n(12345678901234567890\r\n=8\r\ntxt:abcd\r\n"
            + "%1\r\n+key\r\n:7\r\n~2\r\n:1\r\n:2\r\n!3\r\nBAD\r\n"
            + ">2\r\n+pubsub\r\n+x\r\n|1\r\n+ttl\r\n:3\r\n+annotated\r\n"
        let values = try decodeAll(text)
        #expect(
            values == [
                .null, .boolean(true), .boolean(false), .double(1.5), .double(-.infinity),
                .bigNumber("12345678901234567890"), .verbatimString(format: "txt", text: "abcd"),
                .map([RESPPair(key: .simpleString("key"), value: .integer(7))]), .set([.integer(1), .integer(2)]),
                .error("BAD"), .push([.simpleString("pubsub"), .simpleString("x")]), .simpleString("annotated"),
            ])
    }

    @Test func bytesArrivingOneAtATimeDecodeToTheSameValue() throws {
        let frame = Array("*3\r\n$3\r\nfoo\r\n%1\r\n+a\r\n*1\r\n:9\r\n,3.25\r\n".utf8)
        var decoder = RESPDecoder()
        var values: [RESPValue] = []
        for byte in frame {
            decoder.feed([byte])
            if let value = try decoder.next() { values.append(value) }
        }
        let expected = RESPValue.array([
            .bulkString(Data("foo".utf8)),
            .map([RESPPair(key: .simpleString("a"), value: .array([.integer(9)]))]), .double(3.25),
        ])
        #expect(values == [expected])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func aBulkStringClaimingFourGibibytesIsAnErrorNotAnAllocation() {
        var decoder = RESPDecoder()
        decoder.feed(Array("$4294967296\r\nabc".utf8))
        #expect(throws: RedisError.self) { try decoder.next() }
    }

    @Test func aHugeAggregateCountIsAnError() {
        for marker in ["*", "%", "~", ">"] {
            var decoder = RESPDecoder()
            decoder.feed(Array("\(marker)999999999999\r\n".utf8))
            #expect(throws: RedisError.self) { try decoder.next() }
        }
    }

    @Test func nestingDeeperThanTheLimitIsAnError() {
        let limits = RESPDecoder.Limits(maxDepth: 4)
        #expect(throws: RedisError.self) {
            try decodeAll(String(repeating: "*1\r\n", count: 6) + ":1\r\n", limits: limits)
        }
        #expect((try? decodeAll(String(repeating: "*1\r\n", count: 4) + ":1\r\n", limits: limits))?.count == 1)
    }

    @Test func aLineWithoutTerminatorBeyondTheLimitIsAnError() {
        var decoder = RESPDecoder(limits: RESPDecoder.Limits(maxLineLength: 16))
        decoder.feed(Array(("+" + String(repeating: "a", count: 64)).utf8))
        #expect(throws: RedisError.self) { try decoder.next() }
    }

    @Test func malformedFramesAreErrors() {
        let frames = [
            "?x\r\n", ":12a\r\n", ":99999999999999999999\r\n", "$-2\r\n", "$3\r\nabcXY", "#x\r\n", ",abc\r\n",
            "(12a\r\n", "=2\r\nab\r\n", "+a\rb\r\n",
        ]
        for frame in frames {
            #expect(throws: RedisError.self, "\(frame.debugDescription)") { try decodeAll(frame) }
        }
    }

    @Test func everyTruncationOfAValidFrameWaitsForMoreBytes() throws {
        let frame = Array("*2\r\n%1\r\n$1\r\nk\r\n~1\r\n,2.5\r\n=7\r\ntxt:abc\r\n".utf8)
        for length in 0..<frame.count {
            var decoder = RESPDecoder()
            decoder.feed(frame[0..<length])
            #expect(try decoder.next() == nil)
        }
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var generator = SeededRandomNumberGenerator(seed: 0x5EED)
        let alphabet = Array("*$%~>|+-:_#,(=!\r\n0123456789-abc".utf8)
        for _ in 0..<5_000 {
            var decoder = RESPDecoder(limits: RESPDecoder.Limits(maxBulkLength: 1 << 16, maxAggregateCount: 1 << 12))
            let length = Int.random(in: 0..<64, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            decoder.feed(bytes)
            for _ in 0..<8 {
                guard let value = try? decoder.next() else { break }
                _ = value
            }
        }
    }

    @Test func bufferedBytesBeyondTheLimitAreAnError() {
        var decoder = RESPDecoder(limits: RESPDecoder.Limits(maxBufferedBytes: 32))
        decoder.feed(Array("*3\r\n$40\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 30))
        #expect(throws: RedisError.self) { try decoder.next() }
    }
}
