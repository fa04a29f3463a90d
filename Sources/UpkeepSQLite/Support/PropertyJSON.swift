import Foundation
import Upkeep

/// The stored form of ``Upkeep/Properties``: a JSON object whose values are `null` or a
/// two-element array `[tag, text]`.
///
/// Tags are `b` (Boolean, `"true"`/`"false"`), `i` (Int64 in decimal), `d` (Double in Swift's
/// shortest round-trip form, including `nan` and `inf`, which JSON numbers cannot hold), `s`
/// (string) and `t` (date in epoch milliseconds). Carrying numbers as text keeps `int` and
/// `double` apart and every value exact, so a property reads back equal to what was written.
enum PropertyJSON {
    /// The properties as JSON text, or `nil` when there are none (stored as NULL, read for free).
    static func encode(_ properties: Properties) -> String? {
        guard !properties.isEmpty else { return nil }
        let members = properties.keys.sorted().map { key in
            JSONText.string(key) + ":" + encode(properties[key] ?? .null)
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// Parses text written by ``encode(_:)``; NULL decodes as no properties.
    ///
    /// - Throws: ``PropertyJSONError`` naming the first malformed member.
    static func decode(_ text: String?) throws -> Properties {
        guard let text, !text.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw PropertyJSONError(member: nil)
        }
        var properties: Properties = [:]
        for (key, raw) in object {
            properties[key] = try decode(raw, member: key)
        }
        return properties
    }

    private static func encode(_ value: PropertyValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let bool): "[\"b\",\"\(bool)\"]"
        case .int(let int): "[\"i\",\"\(int)\"]"
        case .double(let double): "[\"d\",\"\(double)\"]"
        case .string(let string): "[\"s\"," + JSONText.string(string) + "]"
        case .date(let date): "[\"t\",\"\(date.epochMilliseconds)\"]"
        }
    }

    private static func decode(_ raw: Any, member: String) throws -> PropertyValue {
        if raw is NSNull { return .null }
        guard let pair = raw as? [Any], pair.count == 2, let tag = pair[0] as? String, let text = pair[1] as? String
        else { throw PropertyJSONError(member: member) }

        let value: PropertyValue? =
            switch tag {
            case "b": text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
            case "i": Int64(text).map(PropertyValue.int)
            case "d": Double(text).map(PropertyValue.double)
            case "s": .string(text)
            case "t": Int64(text).map { .date(Date(epochMilliseconds: $0)) }
            default: nil
            }
        guard let value else { throw PropertyJSONError(member: member) }
        return value
    }
}

/// Stored properties could not be decoded.
struct PropertyJSONError: Error, CustomStringConvertible {
    /// The property whose value was malformed, or `nil` when the text was not a JSON object.
    var member: String?

    var description: String {
        member.map { "stored property '\($0)' is malformed" } ?? "stored properties are not a JSON object"
    }
}
