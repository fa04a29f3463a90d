import Foundation
import Upkeep

/// The stored form of ``Upkeep/Properties``: a JSON object whose values are `null` or a
/// two-element array `[tag, text]`.
///
/// Tags are `b` (Boolean, `"true"`/`"false"`), `i` (Int64 in decimal), `d` (Double in Swift's
/// shortest round-trip form, including `nan` and `inf`, which JSON numbers cannot hold), `s`
/// (string) and `t` (date in epoch milliseconds). Carrying numbers as text keeps `int` and
/// `double` apart and every value exact, so a property reads back equal to what was written.
///
/// Both directions work on the text directly rather than through `JSONSerialization`, which
/// builds Foundation objects and casts them dynamically; on sync-heavy workloads that round trip
/// was about 13% of the CPU time. The reader (``PropertyJSONReader``) accepts any JSON text of
/// this shape, whitespace and escapes included, exactly as the `JSONSerialization` reader it
/// replaces did, so stored rows read back the same.
enum PropertyJSON {
    /// The properties as JSON text, keys sorted, or `nil` when there are none (stored as NULL,
    /// read for free). O(total size).
    static func encode(_ properties: Properties) -> String? {
        guard !properties.isEmpty else { return nil }
        var output = "{"
        for (index, key) in properties.keys.sorted().enumerated() {
            if index > 0 { output += "," }
            output += JSONText.string(key)
            output += ":"
            append(properties[key] ?? .null, to: &output)
        }
        output += "}"
        return output
    }

    /// Parses text written by ``encode(_:)``; NULL and the empty string decode as no
    /// properties. A key given twice keeps its last value. O(text length).
    ///
    /// - Throws: ``PropertyJSONError`` saying what is malformed and where: text that is not a
    ///   JSON object, or a member whose value is not `null` or a valid `[tag, text]` pair.
    static func decode(_ text: String?) throws -> Properties {
        guard var text, !text.isEmpty else { return [:] }
        return try text.withUTF8 { bytes in
            var reader = PropertyJSONReader(bytes: bytes)
            return try reader.properties()
        }
    }

    /// The value of a `[tag, text]` pair, or `nil` when the tag is unknown or the text does not
    /// parse as the tag's type.
    static func value(tag: String, text: String) -> PropertyValue? {
        switch tag {
        case "b": text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
        case "i": Int64(text).map(PropertyValue.int)
        case "d": Double(text).map(PropertyValue.double)
        case "s": .string(text)
        case "t": Int64(text).map { .date(Date(epochMilliseconds: $0)) }
        default: nil
        }
    }

    private static func append(_ value: PropertyValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let bool): output += bool ? #"["b","true"]"# : #"["b","false"]"#
        case .int(let int): output += #"["i",""# + String(int) + #""]"#
        case .double(let double): output += #"["d",""# + double.description + #""]"#
        case .string(let string): output += #"["s","# + JSONText.string(string) + "]"
        case .date(let date): output += #"["t",""# + String(date.epochMilliseconds) + #""]"#
        }
    }
}

/// Stored properties could not be decoded.
struct PropertyJSONError: Error, CustomStringConvertible {
    /// The property whose value was malformed, or `nil` when the text around the members was.
    var member: String?
    /// What was wrong, such as `expected ':'`.
    var reason: String
    /// The byte offset into the stored text where the problem was found.
    var offset: Int

    var description: String {
        if let member {
            return "stored property '\(member)' is malformed: \(reason) at byte \(offset)"
        }
        return "stored properties are not a JSON object of tagged values: \(reason) at byte \(offset)"
    }
}
