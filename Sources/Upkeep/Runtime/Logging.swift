import Foundation

/// How important a log event is, from most verbose to most severe.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case trace, debug, info, notice, warning, error, critical

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    /// Parses a level name such as `info`; returns `nil` for an unknown name.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }
}

/// Structured metadata attached to a log event. Keys use the `upkeep.` prefix, such as
/// `upkeep.job` or `upkeep.batch`.
public typealias LogMetadata = [String: String]

/// Where Upkeep sends its log events. A host bridges this to its own logger in a few lines.
///
/// ```swift
/// import Logging  // swift-log, in the host
///
/// struct SwiftLogBridge: UpkeepLogHandler {
///     let logger: Logging.Logger
///
///     func log(level: LogLevel, message: String, metadata: LogMetadata) {
///         let mapped: Logging.Logger.Level =
///             switch level {
///             case .trace: .trace
///             case .debug: .debug
///             case .info: .info
///             case .notice: .notice
///             case .warning: .warning
///             case .error: .error
///             case .critical: .critical
///             }
///         logger.log(level: mapped, "\(message)", metadata: metadata.mapValues { .string($0) })
///     }
/// }
/// ```
public protocol UpkeepLogHandler: Sendable {
    /// Receives one event. Called from any thread; must not block for long.
    func log(level: LogLevel, message: String, metadata: LogMetadata)
}

/// A logger: a handler, a minimum level and metadata added to every event.
public struct UpkeepLogger: Sendable {
    /// Where events go.
    public var handler: any UpkeepLogHandler
    /// Events below this level are dropped before they are formatted.
    public var minimumLevel: LogLevel
    /// Metadata merged into every event; an event's own metadata wins on a clash.
    public var metadata: LogMetadata

    /// Creates a logger.
    public init(handler: any UpkeepLogHandler, minimumLevel: LogLevel = .info, metadata: LogMetadata = [:]) {
        self.handler = handler
        self.minimumLevel = minimumLevel
        self.metadata = metadata
    }

    /// A logger that drops everything.
    public static let disabled = UpkeepLogger(handler: DiscardingLogHandler(), minimumLevel: .critical)

    /// A copy with more metadata on every event.
    public func with(_ extra: LogMetadata) -> UpkeepLogger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    /// Logs an event if `level` is at least ``minimumLevel``.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ extra: LogMetadata = [:]) {
        guard level >= minimumLevel else { return }
        handler.log(level: level, message: message(), metadata: metadata.merging(extra) { _, new in new })
    }

    /// Logs at `trace`.
    public func trace(_ message: @autoclosure () -> String, _ extra: LogMetadata = [:]) {
        log(.trace, message(), extra)
    }

    /// Logs at `debug`.
    public func debug(_ message: @autoclosure () -> String, _ extra: LogMetadata = [:]) {
        log(.debug, message(), extra)
    }

    /// Logs at `info`.
    public func info(_ message: @autoclosure () -> String, _ extra: LogMetadata = [:]) {
        log(.info, message(), extra)
    }

    /// Logs at `warning`.
    public func warning(_ message: @autoclosure () -> String, _ extra: LogMetadata = [:]) {
        log(.warning, message(), extra)
    }

    /// Logs at `error`.
    public func error(_ message: @autoclosure () -> String, _ extra: LogMetadata = [:]) {
        log(.error, message(), extra)
    }
}

/// A handler that drops every event.
public struct DiscardingLogHandler: UpkeepLogHandler {
    /// Creates the handler.
    public init() {}

    public func log(level: LogLevel, message: String, metadata: LogMetadata) {}
}

/// A handler that writes one `key=value` line per event to standard error.
///
/// Lines look like `ts=2026-12-03T17:00:00.000Z level=info msg="job finished" upkeep.job=sync`.
/// Values with spaces, quotes or `=` are quoted.
public struct StandardErrorLogHandler: UpkeepLogHandler {
    /// Creates the handler.
    public init() {}

    public func log(level: LogLevel, message: String, metadata: LogMetadata) {
        let line = LogLine.format(date: Date(), level: level, message: message, metadata: metadata) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// Formats events as `key=value` lines.
public enum LogLine {
    /// One line for an event, metadata keys sorted, with no trailing newline.
    public static func format(date: Date, level: LogLevel, message: String, metadata: LogMetadata) -> String {
        var fields = [
            "ts=\(timestamp(date))",
            "level=\(level)",
            "msg=\(quoted(message))",
        ]
        for key in metadata.keys.sorted() {
            fields.append("\(key)=\(quoted(metadata[key] ?? ""))")
        }
        return fields.joined(separator: " ")
    }

    /// The date in UTC to the millisecond, as in `2026-12-03T17:00:00.123Z`.
    ///
    /// The milliseconds come from ``Foundation/Date/epochMilliseconds`` rather than the formatter,
    /// whose binary floating point can print `.122` for `.123`.
    public static func timestamp(_ date: Date) -> String {
        let millis = date.epochMilliseconds
        let (seconds, fraction) = millis.quotientAndRemainder(dividingBy: 1_000)
        let whole = fraction < 0 ? seconds - 1 : seconds
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateTimeSeparator(.standard)
            .time(includingFractionalSeconds: false)
        let prefix = Date(timeIntervalSince1970: Double(whole)).formatted(style)
        return prefix + "." + String(format: "%03d", (fraction + 1_000) % 1_000) + "Z"
    }

    /// The value as is when it is a bare word, else in double quotes with `"`, `\` and newlines
    /// escaped.
    public static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
