import Foundation
import Testing
import Upkeep

@testable import UpkeepSQLite

@Suite struct PropertyJSONTests {
    /// The decoder `PropertyJSON` had before its direct reader: `JSONSerialization` and casts.
    /// Kept here as the reference the stored format must keep decoding the same way.
    private static func referenceDecode(_ text: String) -> Properties? {
        guard !text.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return nil
        }
        var properties: Properties = [:]
        for (key, raw) in object {
            if raw is NSNull {
                properties[key] = .null
                continue
            }
            guard let pair = raw as? [Any], pair.count == 2, let tag = pair[0] as? String,
                let text = pair[1] as? String, let value = PropertyJSON.value(tag: tag, text: text)
            else { return nil }
            properties[key] = value
        }
        return properties
    }

    /// Whether two property sets are equal, counting NaN equal to NaN.
    private static func same(_ left: Properties?, _ right: Properties?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        guard left.keys.sorted() == right.keys.sorted() else { return false }
        return left.allSatisfy { key, value in
            if case .double(let a) = value, case .double(let b)? = right[key], a.isNaN, b.isNaN { return true }
            return right[key] == value
        }
    }

    private static let sample: Properties = [
        "title": .string("Caf\u{E9} \u{1F600} \u{4E2D}\u{6587} e\u{301}"),
        "quote": .string("she said \"hi\"\\ and left\n\t\r\u{01}\u{1F}/"),
        "count": .int(.min),
        "big": .int(.max),
        "ratio": .double(-0.0),
        "tiny": .double(.leastNonzeroMagnitude),
        "infinite": .double(-.infinity),
        "flag": .bool(false),
        "on": .bool(true),
        "at": .date(Date(epochMilliseconds: -1_234_567)),
        "nothing": .null,
        "": .string(""),
        "key \"with\" \\ escapes\n": .int(7),
    ]

    @Test func everyValueKindRoundTripsExactly() throws {
        let text = try #require(PropertyJSON.encode(Self.sample))

        let decoded = try PropertyJSON.decode(text)

        #expect(decoded == Self.sample)
        #expect(PropertyJSON.encode(decoded) == text)
        #expect(Self.same(Self.referenceDecode(text), Self.sample))
    }

    @Test func nanRoundTripsAsNaN() throws {
        let decoded = try PropertyJSON.decode(PropertyJSON.encode(["x": .double(.nan)]))

        #expect(decoded["x"]?.doubleValue?.isNaN == true)
    }

    @Test func emptyPropertiesAreStoredAsNullAndReadBack() throws {
        #expect(PropertyJSON.encode([:]) == nil)
        #expect(try PropertyJSON.decode(nil) == [:])
        #expect(try PropertyJSON.decode("") == [:])
        #expect(try PropertyJSON.decode(" { } ") == [:])
    }

    @Test func theEncodedFormIsUnchanged() {
        let properties: Properties = [
            "b": .bool(true), "a": .int(-3), "d": .double(0.1), "s": .string("x\"y"), "n": .null,
            "t": .date(Date(epochMilliseconds: 1_700_000_000_123)),
        ]

        #expect(
            PropertyJSON.encode(properties)
                == #"{"a":["i","-3"],"b":["b","true"],"d":["d","0.1"],"n":null,"s":["s","x\"y"],"#
                + #""t":["t","1700000000123"]}"#)
    }

    @Test func textWrittenByOtherJSONWritersDecodesAsTheReferenceDecoderDid() throws {
        let texts = [
            #"{ "a" : [ "s" , "x" ] ,"b":null }"#,
            "\n{\t\"a\":\r[\"i\",\"12\"]}\n",
            #"{"\u0061\u00e9":["s","\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\"]}"#,
            #"{"k":["s","\u4e2d\u6587"],"K":["d","1e3"]}"#,
            #"{"x":["d","nan"],"y":["d","-inf"],"z":["b","false"]}"#,
            #"{"a":["s","x"],}"#,
            #"{"a":["s","x" , ] , }"#,
            "\u{FEFF}{\"a\":null}",
            #"{"a":null,"a":["s","last"]}"#,
            #"{"a":["s","first"],"a":null}"#,
            #"{"nul":["s","x\u0000y"]}"#,
        ]

        for text in texts {
            let decoded = try PropertyJSON.decode(text)
            #expect(Self.same(decoded, Self.referenceDecode(text)), "\(text)")
        }
        #expect(try PropertyJSON.decode(#"{"a\u00e9":["s","\ud83d\ude00"]}"#) == ["a\u{E9}": .string("\u{1F600}")])
    }

    @Test func malformedTextThrowsAnErrorSayingWhatAndWhere() {
        let cases: [(text: String, expected: String)] = [
            ("[1]", "not a JSON object of tagged values: expected '{' at byte 0"),
            ("{", "unexpected end of text at byte 1"),
            (#"{"a" ["s","x"]}"#, "stored property 'a' is malformed: expected ':' at byte 5"),
            (#"{"a":["s","x"]"#, "stored property 'a' is malformed: unexpected end of text"),
            (#"{"a":["s","x"]} x"#, "unexpected text after the object at byte 16"),
            (#"{"a":["q","x"]}"#, "stored property 'a' is malformed: tag 'q' with text 'x' at byte 6"),
            (#"{"a":["i","1.5"]}"#, "tag 'i' with text '1.5'"),
            (#"{"a":["b","yes"]}"#, "tag 'b' with text 'yes'"),
            (#"{"a":["s",1]}"#, "expected a text string"),
            (#"{"a":["s","x","y"]}"#, "expected ']'"),
            (#"{"a":nul}"#, "expected null or a [tag, text] pair"),
            (#"{"a":["s","\q"]}"#, "invalid escape"),
            (#"{"a":["s","\ud800"]}"#, "unpaired surrogate"),
            (#"{"a":["s","\udc00x"]}"#, "unpaired surrogate"),
            (#"{"a":["s","\u12"]}"#, "\\u escape"),
            ("{\"a\":[\"s\",\"x\ny\"]}", "control character in a string"),
            (#"{"a":["s","x"],,}"#, "expected a member name"),
            ("{,}", "expected a member name"),
            (#"{"a":["s","x"]/*c*/}"#, "expected ',' or '}'"),
            (#"{"a":["s","x"];"b":null}"#, "expected ',' or '}'"),
            (#"{"a":["s","x"#, "unterminated string"),
        ]

        for (text, expected) in cases {
            #expect("\(text)") {
                _ = try PropertyJSON.decode(text)
            } throws: { error in
                String(describing: error).contains(expected)
            }
            #expect(Self.referenceDecode(text) == nil, "the reference decoder rejects \(text) too")
        }
    }

    @Test func everyTruncationAndRandomByteEditIsAnsweredLikeTheReferenceWithoutCrashing() throws {
        let text = try #require(PropertyJSON.encode(Self.sample))
        let bytes = Array(text.utf8)
        for length in 1..<bytes.count {
            let prefix = String(decoding: bytes[..<length], as: UTF8.self)
            #expect(throws: PropertyJSONError.self) { _ = try PropertyJSON.decode(prefix) }
        }

        var generator = SeededRandomNumberGenerator(seed: 20_261_203)
        let alphabet = Array(#"{}[],:"\ nul0123456789abcdefu/"#.utf8)
        for _ in 0..<2_000 {
            var edited = bytes
            for _ in 0..<Int(generator.next() % 3 + 1) {
                let index = Int(generator.next() % UInt64(edited.count))
                edited[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            let candidate = String(decoding: edited, as: UTF8.self)
            let decoded = try? PropertyJSON.decode(candidate)
            #expect(Self.same(decoded, Self.referenceDecode(candidate)), "\(candidate)")
        }
    }
}
