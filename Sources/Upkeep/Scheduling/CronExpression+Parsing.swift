import Foundation

extension CronExpression {
    /// The macros and the five fields each stands for.
    static let macros: [String: String] = [
        "@hourly": "0 * * * *",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *",
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
    ]

    /// Expands a macro and splits the expression on blanks into exactly five fields.
    static func splitFields(_ text: String) throws(CronError) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var expanded = trimmed
        if trimmed.hasPrefix("@") {
            guard let macro = macros[trimmed.lowercased()] else {
                let known = macros.keys.sorted().joined(separator: ", ")
                throw CronError(
                    .unknownName, field: nil, text: trimmed, reason: "unknown macro; expected one of \(known)")
            }
            expanded = macro
        }

        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            let reason = "expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)"
            throw CronError(.wrongFieldCount, field: nil, text: trimmed, reason: reason)
        }
        return fields
    }

    /// Parses one field into a bit set: bit `v` is set when value `v` matches.
    static func parseField(_ text: String, _ field: CronField) throws(CronError) -> UInt64 {
        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else {
                throw CronError(.malformed, field: field, text: text, reason: "empty item in list")
            }
            bits |= try parseItem(String(item), field)
        }

        if field == .dayOfWeek, bits & (1 << 7) != 0 {
            bits = (bits | 1) & ~(1 << 7)
        }
        return bits
    }

    /// Parses `*`, a value or a range, with an optional `/step`.
    private static func parseItem(_ item: String, _ field: CronField) throws(CronError) -> UInt64 {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            throw CronError(.badStep, field: field, text: item, reason: "more than one '/'")
        }
        let step = try parts.count == 2 ? parseStep(parts[1], item: item, field) : 1

        let bounds: (low: Int, high: Int)
        if parts[0] == "*" {
            bounds = (field.lowerBound, field.upperBound)
        } else if parts[0].dropFirst().contains("-") {
            bounds = try parseRange(parts[0], item: item, field)
        } else {
            guard parts.count == 1 else {
                let reason = "a step applies to '*' or a range, as in '*/\(step)' or '1-30/\(step)'"
                throw CronError(.badStep, field: field, text: item, reason: reason)
            }
            let value = try parseValue(parts[0], item: item, field)
            bounds = (value, value)
        }

        var bits: UInt64 = 0
        for value in stride(from: bounds.low, through: bounds.high, by: step) {
            bits |= 1 << UInt64(value)
        }
        return bits
    }

    private static func parseStep(
        _ text: String,
        item: String,
        _ field: CronField
    ) throws(CronError) -> Int {
        let span = field.upperBound - field.lowerBound + 1
        guard let step = Int(text), text.allSatisfy(\.isASCII) else {
            let reason = "step \"\(text)\" is not a number"
            throw CronError(.badStep, field: field, text: item, reason: reason)
        }
        guard (1...span).contains(step) else {
            let reason = "step \(step) is not between 1 and \(span)"
            throw CronError(.badStep, field: field, text: item, reason: reason)
        }
        return step
    }

    private static func parseRange(
        _ text: String,
        item: String,
        _ field: CronField
    ) throws(CronError) -> (low: Int, high: Int) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard ends.count == 2 else {
            let reason = "a range has two ends, as in '1-5'"
            throw CronError(.malformed, field: field, text: item, reason: reason)
        }
        let low = try parseValue(ends[0], item: item, field)
        let high = try parseValue(ends[1], item: item, field)
        guard low <= high else {
            let reason = "range \(ends[0])-\(ends[1]) runs backwards; write the smaller value first"
            throw CronError(.reversedRange, field: field, text: item, reason: reason)
        }
        return (low, high)
    }

    private static func parseValue(
        _ text: String,
        item: String,
        _ field: CronField
    ) throws(CronError) -> Int {
        if let name = field.names[text.lowercased()] { return name }
        let isDecimal = !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
        guard isDecimal, let value = Int(text) else {
            throw unparsable(text, item: item, field)
        }
        guard (field.lowerBound...field.upperBound).contains(value) else {
            let reason = "\(value) is out of range \(field.lowerBound)-\(field.upperBound)"
            throw CronError(.outOfRange, field: field, text: item, reason: reason)
        }
        return value
    }

    private static func unparsable(_ text: String, item: String, _ field: CronField) -> CronError {
        let isWord = !text.isEmpty && text.allSatisfy(\.isLetter)
        switch field {
        case .month where isWord:
            return CronError(
                .unknownName, field: field, text: item, reason: "unknown month name \"\(text)\"; expected jan-dec")
        case .dayOfWeek where isWord:
            return CronError(
                .unknownName, field: field, text: item, reason: "unknown weekday name \"\(text)\"; expected sun-sat")
        case _ where isWord:
            return CronError(
                .unknownName, field: field, text: item,
                reason: "names are only allowed in the month and day-of-week fields")
        default:
            return CronError(
                .malformed, field: field, text: item, reason: "\"\(text)\" is not a number, name, range or '*'")
        }
    }
}
