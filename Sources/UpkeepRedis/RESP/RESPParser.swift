import Foundation

/// Parses one RESP value from a byte buffer, returning `nil` when the bytes end too early.
struct RESPParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let limits: RESPDecoder.Limits

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let scalarMarkers: Set<UInt8> = Set("+-:_#,(".utf8)

    init(bytes: UnsafeBufferPointer<UInt8>, index: Int, limits: RESPDecoder.Limits) {
        self.bytes = bytes
        self.index = index
        self.limits = limits
    }

    // MARK: - Values

    /// The value starting at ``index``; advances past it when complete.
    mutating func value(depth: Int) throws(RedisError) -> RESPValue? {
        guard depth <= limits.maxDepth else {
            throw Self.malformed("nesting deeper than the limit of \(limits.maxDepth)")
        }
        guard index < bytes.count else { return nil }
        let marker = bytes[index]
        let saved = index
        index += 1
        let result = try body(marker: marker, depth: depth)
        if result == nil { index = saved }
        return result
    }

    private mutating func body(marker: UInt8, depth: Int) throws(RedisError) -> RESPValue? {
        switch marker {
        case UInt8(ascii: "$"): return try blob().map { $0.map { .bulkString(Data($0)) } ?? .null }
        case UInt8(ascii: "!"): return try blob().map { .error($0.map(Self.text) ?? "") }
        case UInt8(ascii: "="): return try verbatim()
        case UInt8(ascii: "*"):
            return try aggregate(depth: depth, pairs: false).map { $0.map(RESPValue.array) ?? .null }
        case UInt8(ascii: "~"): return try aggregate(depth: depth, pairs: false).map { .set($0 ?? []) }
        case UInt8(ascii: ">"): return try aggregate(depth: depth, pairs: false).map { .push($0 ?? []) }
        case UInt8(ascii: "%"): return try map(depth: depth)
        case UInt8(ascii: "|"): return try attributeThenValue(depth: depth)
        default:
            guard Self.scalarMarkers.contains(marker) else {
                throw Self.malformed("unknown type marker 0x\(String(marker, radix: 16))")
            }
            guard let line = try line() else { return nil }
            return try Self.scalar(marker: marker, line: line)
        }
    }

    private static func scalar(marker: UInt8, line: UnsafeBufferPointer<UInt8>) throws(RedisError) -> RESPValue {
        switch marker {
        case UInt8(ascii: "+"): return .simpleString(text(line))
        case UInt8(ascii: "-"): return .error(text(line))
        case UInt8(ascii: ":"): return .integer(try integer(line))
        case UInt8(ascii: "_"): return .null
        case UInt8(ascii: "#"): return .boolean(try boolean(line))
        case UInt8(ascii: ","): return .double(try double(line))
        case UInt8(ascii: "("): return .bigNumber(try bigNumber(line))
        default: throw malformed("unknown type marker 0x\(String(marker, radix: 16))")
        }
    }

    private mutating func blob() throws(RedisError) -> UnsafeBufferPointer<UInt8>?? {
        guard let header = try line() else { return nil }
        let length = try Self.integer(header)
        if length == -1 { return .some(nil) }
        guard length >= 0, length <= limits.maxBulkLength else {
            throw Self.malformed("a string of \(length) bytes exceeds the limit of \(limits.maxBulkLength)")
        }
        let count = Int(length)
        guard bytes.count - index >= count + 2 else { return nil }
        let body = UnsafeBufferPointer(rebasing: bytes[index..<index + count])
        guard bytes[index + count] == Self.cr, bytes[index + count + 1] == Self.lf else {
            throw Self.malformed("a string is not followed by CRLF")
        }
        index += count + 2
        return .some(body)
    }

    private mutating func verbatim() throws(RedisError) -> RESPValue? {
        guard let blob = try blob() else { return nil }
        guard let body = blob, body.count >= 4, body[3] == UInt8(ascii: ":") else {
            throw Self.malformed("a verbatim string lacks its format prefix")
        }
        let format = Self.text(UnsafeBufferPointer(rebasing: body[0..<3]))
        let text = Self.text(UnsafeBufferPointer(rebasing: body[4...]))
        return .verbatimString(format: format, text: text)
    }

    private mutating func aggregate(depth: Int, pairs: Bool) throws(RedisError) -> [RESPValue]?? {
        guard let header = try line() else { return nil }
        let claimed = try Self.integer(header)
        if claimed == -1 && !pairs { return .some(nil) }
        let count = try checkedCount(claimed, multiplier: pairs ? 2 : 1)
        var values: [RESPValue] = []
        values.reserveCapacity(min(count, 1024))
        for _ in 0..<count {
            guard let element = try value(depth: depth + 1) else { return nil }
            values.append(element)
        }
        return .some(values)
    }

    private mutating func checkedCount(_ claimed: Int64, multiplier: Int64) throws(RedisError) -> Int {
        guard claimed >= 0, claimed <= Int64(limits.maxAggregateCount) / multiplier else {
            throw Self.malformed(
                "an aggregate of \(claimed) elements exceeds the limit of \(limits.maxAggregateCount)")
        }
        return Int(claimed * multiplier)
    }

    private mutating func map(depth: Int) throws(RedisError) -> RESPValue? {
        guard let flat = try aggregate(depth: depth, pairs: true) else { return nil }
        let values = flat ?? []
        let pairs = stride(from: 0, to: values.count, by: 2).map {
            RESPPair(key: values[$0], value: values[$0 + 1])
        }
        return .map(pairs)
    }

    /// RESP3 attributes annotate the value that follows; they are read and dropped.
    private mutating func attributeThenValue(depth: Int) throws(RedisError) -> RESPValue? {
        guard try map(depth: depth) != nil else { return nil }
        return try value(depth: depth)
    }

    // MARK: - Lines and scalars

    private mutating func line() throws(RedisError) -> UnsafeBufferPointer<UInt8>? {
        var cursor = index
        let end = min(bytes.count, index + limits.maxLineLength + 2)
        while cursor + 1 < end {
            if bytes[cursor] == Self.cr {
                guard bytes[cursor + 1] == Self.lf else { throw Self.malformed("a CR is not followed by LF") }
                let line = UnsafeBufferPointer(rebasing: bytes[index..<cursor])
                index = cursor + 2
                return line
            }
            cursor += 1
        }
        if bytes.count - index > limits.maxLineLength + 1 {
            throw Self.malformed("a line exceeds the limit of \(limits.maxLineLength) bytes")
        }
        return nil
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) throws(RedisError) -> Int64 {
        var digits = bytes[...]
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 19 else { throw malformed("an integer is empty or too long") }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw malformed("an integer holds a non-digit")
            }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw malformed("an integer overflows 64 bits") }
            value = sum
        }
        return negative ? -value : value
    }

    private static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) throws(RedisError) -> Bool {
        switch text(bytes) {
        case "t": return true
        case "f": return false
        default: throw malformed("a boolean is neither t nor f")
        }
    }

    private static func double(_ bytes: UnsafeBufferPointer<UInt8>) throws(RedisError) -> Double {
        let text = text(bytes)
        switch text {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default:
            guard let value = Double(text) else { throw malformed("a double is not a number") }
            return value
        }
    }

    private static func bigNumber(_ bytes: UnsafeBufferPointer<UInt8>) throws(RedisError) -> String {
        let text = text(bytes)
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw malformed("a big number holds a non-digit")
        }
        return text
    }

    private static func malformed(_ detail: String) -> RedisError {
        RedisError(.protocolError, message: "malformed reply: \(detail)")
    }
}
