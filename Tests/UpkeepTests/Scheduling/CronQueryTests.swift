import Foundation
import Testing

@testable import Upkeep

@Suite("Cron JSONL queries")
struct CronQueryTests {
    private let now = Date(epochMilliseconds: 1_767_225_600_000)

    @Test func answersWithTimesInTheZonesOffset() {
        let line = #"{"expr": "30 2 * * *", "tz": "America/New_York", "from": "2026-03-07T12:00:00-05:00", "count": 2}"#
        #expect(
            CronQuery.answer(line, now: now) == #"{"next":["2026-03-08T03:00:00-04:00","2026-03-09T02:30:00-04:00"]}"#)
    }

    @Test func defaultsToOneTimeInUTCFromNow() {
        #expect(CronQuery.answer(#"{"expr": "@daily"}"#, now: now) == #"{"next":["2026-01-02T00:00:00+00:00"]}"#)
    }

    @Test func badInputGivesAnErrorLine() {
        let cases: [(String, String)] = [
            ("not json", #"{"error":"query is not a JSON object: not json"}"#),
            ("[1]", #"{"error":"query is not a JSON object: [1]"}"#),
            (#"{"tz": "UTC"}"#, #"{"error":"\"expr\" must be a string holding a cron expression"}"#),
            (#"{"expr": "75 * * * *"}"#, #"{"error":"cron minute field \"75\": 75 is out of range 0-59"}"#),
            (
                #"{"expr": "@daily", "tz": "Mars/Olympus"}"#,
                #"{"error":"\"tz\" must be an IANA time zone such as \"Europe/London\", got Mars/Olympus"}"#
            ),
            (#"{"expr": "@daily", "count": 0}"#, #"{"error":"\"count\" must be an integer from 1 to 10000, got 0"}"#),
            (
                #"{"expr": "@daily", "count": 2.5}"#,
                #"{"error":"\"count\" must be an integer from 1 to 10000, got 2.5"}"#
            ),
        ]
        for (line, expected) in cases {
            #expect(CronQuery.answer(line, now: now) == expected, "\(line)")
        }
        #expect(
            CronQuery.answer(#"{"expr": "@daily", "from": "yesterday"}"#, now: now).hasPrefix(
                #"{"error":"\"from\" must"#))
    }

    @Test func formatterPrintsRealOffsets() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        let lordHowe = try #require(TimeZone(identifier: "Australia/Lord_Howe"))
        let instant = Date(epochMilliseconds: 1_782_820_800_000)
        #expect(CronTimeFormat.string(from: instant, in: london) == "2026-06-30T13:00:00+01:00")
        #expect(CronTimeFormat.string(from: instant, in: lordHowe) == "2026-06-30T22:30:00+10:30")
    }
}
