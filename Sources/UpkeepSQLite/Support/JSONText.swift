import Foundation

/// Small JSON writers for the arrays bound to `json_each(?)` and for stored properties.
///
/// Writing the text directly is several times faster than `JSONEncoder` for the flat shapes used
/// here, and keeps the output deterministic (sorted keys).
enum JSONText {
    /// `value` as a JSON string literal, with quotes, backslashes and control characters escaped.
    static func string(_ value: String) -> String {
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + value + "\""
        }
        var output = "\""
        output.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// A JSON array of strings.
    static func array(_ values: some Sequence<String>) -> String {
        "[" + values.map(string).joined(separator: ",") + "]"
    }

    /// A JSON array of integers.
    static func array(_ values: some Sequence<Int64>) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// Parses a JSON array of integers as written by ``array(_:)-(Sequence<Int64>)``, such as a
    /// record's tag ids; returns `nil` for anything else.
    static func integers(_ text: String) -> [Int64]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let body = text.dropFirst().dropLast().filter { $0 != " " }
        guard !body.isEmpty else { return [] }
        var values: [Int64] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int64(part) else { return nil }
            values.append(value)
        }
        return values
    }
}
