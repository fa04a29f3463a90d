import Upkeep

/// Reads ``PropertyJSON``'s stored form straight from UTF-8 bytes: one pass, no intermediate
/// Foundation objects.
///
/// It accepts exactly the texts Foundation's `JSONSerialization` (which `PropertyJSON` used
/// before) accepts in the stored shape, so stored rows decode as they did: an object whose member
/// values are `null` or an array of two strings, with any whitespace between tokens, any string
/// escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX` with surrogate pairs),
/// and that reader's two leniencies: a leading UTF-8 byte order mark and a trailing comma before
/// `}` or `]`. A key given twice keeps its last value, as there. Anything else, including trailing
/// text, a lone surrogate or a raw control character in a string, is a ``PropertyJSONError``
/// naming the byte offset and, once inside a member, the member. It never traps on any input.
/// Complexity: O(n) in the text's length.
struct PropertyJSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    /// Creates a reader over `bytes`, which must stay valid while it is used.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the whole text as properties.
    ///
    /// - Throws: ``PropertyJSONError`` at the first malformed token.
    mutating func properties() throws -> Properties {
        if matches("\u{FEFF}") { position += 3 }
        try expect(UInt8(ascii: "{"), member: nil)
        var properties: Properties = [:]
        if try peek(member: nil) == UInt8(ascii: "}") {
            position += 1
        } else {
            try members(into: &properties)
        }
        skipWhitespace()
        guard position == bytes.count else {
            throw error("unexpected text after the object", member: nil)
        }
        return properties
    }

    // MARK: - Structure

    private mutating func members(into properties: inout Properties) throws {
        while true {
            guard try peek(member: nil) == UInt8(ascii: "\"") else {
                throw error("expected a member name", member: nil)
            }
            let key = try string(member: nil)
            try expect(UInt8(ascii: ":"), member: key)
            properties[key] = try value(member: key)

            let separator = try peek(member: key)
            guard separator == UInt8(ascii: ",") || separator == UInt8(ascii: "}") else {
                throw error("expected ',' or '}'", member: key)
            }
            position += 1
            if separator == UInt8(ascii: "}") { return }
            if try peek(member: key) == UInt8(ascii: "}") {
                position += 1
                return
            }
        }
    }

    /// A member's value: `null` or `[tag, text]`.
    private mutating func value(member: String) throws -> PropertyValue {
        if try peek(member: member) == UInt8(ascii: "n") {
            guard matches("null") else {
                throw error("expected null or a [tag, text] pair", member: member)
            }
            position += 4
            return .null
        }

        try expect(UInt8(ascii: "["), member: member)
        guard try peek(member: member) == UInt8(ascii: "\"") else {
            throw error("expected a tag string", member: member)
        }
        let tagOffset = position
        let tag = try string(member: member)
        try expect(UInt8(ascii: ","), member: member)
        guard try peek(member: member) == UInt8(ascii: "\"") else {
            throw error("expected a text string", member: member)
        }
        let text = try string(member: member)
        if try peek(member: member) == UInt8(ascii: ",") { position += 1 }
        try expect(UInt8(ascii: "]"), member: member)

        guard let value = PropertyJSON.value(tag: tag, text: text) else {
            let reason = "tag '\(tag)' with text '\(text)'"
            throw PropertyJSONError(member: member, reason: reason, offset: tagOffset)
        }
        return value
    }

    // MARK: - Strings

    /// A string token starting at the opening quote, escapes decoded.
    private mutating func string(member: String?) throws -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = decoded(start..<position)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start, member: member) }
            guard byte >= 0x20 else { throw error("control character in a string", member: member) }
            position += 1
        }
        throw error("unterminated string", member: member)
    }

    /// The rest of a string holding escapes; `start` is its first byte, `position` the first
    /// backslash.
    private mutating func escapedString(from start: Int, member: String?) throws -> String {
        var scalars = String.UnicodeScalarView()
        appendPlain(from: start, to: &scalars)
        var plainStart = position
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                appendPlain(from: plainStart, to: &scalars)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                appendPlain(from: plainStart, to: &scalars)
                scalars.append(try escape(member: member))
                plainStart = position
            case ..<0x20:
                throw error("control character in a string", member: member)
            default:
                position += 1
            }
        }
        throw error("unterminated string", member: member)
    }

    /// The bytes in `range` as a string; the text came from a Swift string, so it is valid UTF-8.
    private func decoded(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func appendPlain(from start: Int, to scalars: inout String.UnicodeScalarView) {
        guard start < position else { return }
        scalars.append(contentsOf: decoded(start..<position).unicodeScalars)
    }

    /// One escape sequence starting at its backslash.
    private mutating func escape(member: String?) throws -> Unicode.Scalar {
        let escapeOffset = position
        position += 1
        guard position < bytes.count else { throw error("unterminated string", member: member) }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try unicodeEscape(startingAt: escapeOffset, member: member)
        default:
            position = escapeOffset
            throw error("invalid escape", member: member)
        }
    }

    /// The scalar of a `\uXXXX` escape whose `\u` has been read, joining a surrogate pair.
    private mutating func unicodeEscape(
        startingAt offset: Int,
        member: String?
    ) throws -> Unicode.Scalar {
        let first = try hexQuad(member: member)
        var value = UInt32(first)
        if (0xD800...0xDBFF).contains(first) {
            guard matches("\\u") else { throw loneSurrogate(at: offset, member: member) }
            position += 2
            let second = try hexQuad(member: member)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw loneSurrogate(at: offset, member: member)
            }
            value = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(value) else { throw loneSurrogate(at: offset, member: member) }
        return scalar
    }

    private func loneSurrogate(at offset: Int, member: String?) -> PropertyJSONError {
        PropertyJSONError(member: member, reason: "unpaired surrogate in a \\u escape", offset: offset)
    }

    private mutating func hexQuad(member: String?) throws -> UInt16 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape", member: member) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape", member: member)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    // MARK: - Tokens

    /// Skips whitespace and returns the next byte without consuming it.
    private mutating func peek(member: String?) throws -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of text", member: member) }
        return bytes[position]
    }

    /// Skips whitespace and consumes `byte`.
    private mutating func expect(_ byte: UInt8, member: String?) throws {
        guard try peek(member: member) == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'", member: member)
        }
        position += 1
    }

    /// Whether the bytes at the position spell `literal`.
    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return (0..<count).allSatisfy { bytes[position + $0] == literal.utf8Start[$0] }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                position += 1
            default: return
            }
        }
    }

    private func error(_ reason: String, member: String?) -> PropertyJSONError {
        PropertyJSONError(member: member, reason: reason, offset: position)
    }
}
