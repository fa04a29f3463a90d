import Foundation
import Synchronization
import Testing

@testable import Upkeep

@Suite struct LoggingTests {
    @Test func lineIsKeyValueWithSortedMetadataAndQuotedValues() {
        let line = LogLine.format(
            date: Date(epochMilliseconds: 1_796_317_200_123), level: .warning, message: "job finished",
            metadata: ["upkeep.job": "sync", "upkeep.error": #"disk "full" = bad"#])
        #expect(
            line == #"ts=2026-12-03T17:00:00.123Z level=warning msg="job finished" "#
                + #"upkeep.error="disk \"full\" = bad" upkeep.job=sync"#)
    }

    @Test func newlinesCannotForgeASecondLine() {
        #expect(LogLine.quoted("a\nlevel=error") == #""a\nlevel=error""#)
        #expect(LogLine.quoted("") == #""""#)
        #expect(LogLine.quoted("plain") == "plain")
    }

    @Test func eventsBelowTheMinimumLevelAreNeverFormatted() {
        let handler = RecordingHandler()
        let logger = UpkeepLogger(handler: handler, minimumLevel: .info, metadata: ["upkeep.job": "sync"])
        logger.debug("\(Self.mustNotRun())")
        logger.info("kept", ["upkeep.batch": "3"])
        #expect(handler.events.count == 1)
        #expect(handler.events.first?.metadata == ["upkeep.job": "sync", "upkeep.batch": "3"])
    }

    private static func mustNotRun() -> String {
        Issue.record("the message of a dropped event was built")
        return ""
    }
}

private final class RecordingHandler: UpkeepLogHandler {
    private let recorded = Mutex<[(level: LogLevel, message: String, metadata: LogMetadata)]>([])

    var events: [(level: LogLevel, message: String, metadata: LogMetadata)] { recorded.withLock { $0 } }

    func log(level: LogLevel, message: String, metadata: LogMetadata) {
        recorded.withLock { $0.append((level, message, metadata)) }
    }
}
