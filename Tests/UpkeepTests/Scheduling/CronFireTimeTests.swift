import Foundation
import Testing

@testable import Upkeep

/// Fire times compared with tables derived by hand from cron's documented semantics and the
/// zones' published daylight-saving dates.
@Suite("Cron fire times")
struct CronFireTimeTests {
    private func fires(_ expression: String, _ zone: String, from start: String, count: Int) throws -> [String] {
        let timeZone = try #require(TimeZone(identifier: zone))
        let from = try #require(CronTimeFormat.date(from: start))
        let cron = try CronExpression(parsing: expression)
        return cron.fireTimes(after: from, in: timeZone, count: count).map {
            CronTimeFormat.string(from: $0, in: timeZone)
        }
    }

    // MARK: - Plain calendar

    @Test func stepsFireStrictlyAfterTheStart() throws {
        #expect(
            try fires("*/10 * * * *", "UTC", from: "2026-01-01T00:00:00Z", count: 3) == [
                "2026-01-01T00:10:00+00:00", "2026-01-01T00:20:00+00:00", "2026-01-01T00:30:00+00:00",
            ])
    }

    @Test func steppedRangeStartsAtTheRangeStart() throws {
        #expect(
            try fires("1-30/7 * * * *", "UTC", from: "2026-01-01T00:00:00Z", count: 6) == [
                "2026-01-01T00:01:00+00:00", "2026-01-01T00:08:00+00:00", "2026-01-01T00:15:00+00:00",
                "2026-01-01T00:22:00+00:00", "2026-01-01T00:29:00+00:00", "2026-01-01T01:01:00+00:00",
            ])
    }

    @Test func leapDayWaitsForTheNextLeapYear() throws {
        #expect(
            try fires("0 0 29 2 *", "UTC", from: "2026-01-01T00:00:00Z", count: 2) == [
                "2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00",
            ])
    }

    @Test func yearEndRollsIntoTheNextYear() throws {
        #expect(
            try fires("59 23 31 12 *", "UTC", from: "2026-12-31T23:59:00Z", count: 1) == [
                "2027-12-31T23:59:00+00:00"
            ])
        #expect(
            try fires("@yearly", "UTC", from: "2026-12-31T23:59:30Z", count: 2) == [
                "2027-01-01T00:00:00+00:00", "2028-01-01T00:00:00+00:00",
            ])
    }

    @Test func restrictedDayFieldsMatchEitherDay() throws {
        // February 2026 starts on a Sunday: Fridays are the 6th, 13th, 20th and 27th; the 15th is
        // a Sunday and matches by day of month.
        #expect(
            try fires("0 12 15 * fri", "UTC", from: "2026-02-01T00:00:00Z", count: 7) == [
                "2026-02-06T12:00:00+00:00", "2026-02-13T12:00:00+00:00", "2026-02-15T12:00:00+00:00",
                "2026-02-20T12:00:00+00:00", "2026-02-27T12:00:00+00:00", "2026-03-06T12:00:00+00:00",
                "2026-03-13T12:00:00+00:00",
            ])
    }

    @Test func starredDayOfMonthRequiresBothDays() throws {
        // Days 1, 6, 11, …, 31 that are also Mondays.
        #expect(
            try fires("0 12 */5 * mon", "UTC", from: "2026-02-01T00:00:00Z", count: 5) == [
                "2026-02-16T12:00:00+00:00", "2026-03-16T12:00:00+00:00", "2026-04-06T12:00:00+00:00",
                "2026-05-11T12:00:00+00:00", "2026-06-01T12:00:00+00:00",
            ])
    }

    @Test func weekdaySevenIsSunday() throws {
        let expected = ["2026-01-04T09:00:00+00:00", "2026-01-11T09:00:00+00:00"]
        #expect(try fires("0 9 * * 7", "UTC", from: "2026-01-01T00:00:00Z", count: 2) == expected)
        #expect(try fires("0 9 * * SUN", "UTC", from: "2026-01-01T00:00:00Z", count: 2) == expected)
    }

    @Test func impossibleDateNeverFires() throws {
        #expect(try fires("0 0 30 2 *", "UTC", from: "2026-01-01T00:00:00Z", count: 1).isEmpty)
    }

    // MARK: - America/New_York

    @Test func newYorkSkippedFixedTimeFiresAfterTheGap() throws {
        #expect(
            try fires("30 2 * * *", "America/New_York", from: "2026-03-07T12:00:00-05:00", count: 3) == [
                "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00",
            ])
        #expect(
            try fires("30 2 * * *", "America/New_York", from: "2026-03-08T01:59:59-05:00", count: 1) == [
                "2026-03-08T03:00:00-04:00"
            ])
        #expect(
            try fires("30 2 * * *", "America/New_York", from: "2026-03-08T03:00:00-04:00", count: 1) == [
                "2026-03-09T02:30:00-04:00"
            ])
    }

    @Test func newYorkSeveralSkippedTimesCoalesce() throws {
        #expect(
            try fires("0,30 2 * * *", "America/New_York", from: "2026-03-08T00:00:00-05:00", count: 3) == [
                "2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-09T02:30:00-04:00",
            ])
    }

    @Test func newYorkWildcardsFollowTheWallClockAcrossTheGap() throws {
        #expect(
            try fires("*/30 * * * *", "America/New_York", from: "2026-03-08T01:00:00-05:00", count: 4) == [
                "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00",
                "2026-03-08T04:00:00-04:00",
            ])
        #expect(
            try fires("15 * * * *", "America/New_York", from: "2026-03-08T01:30:00-05:00", count: 2) == [
                "2026-03-08T03:15:00-04:00", "2026-03-08T04:15:00-04:00",
            ])
    }

    @Test func newYorkRepeatedFixedTimeFiresOnce() throws {
        #expect(
            try fires("30 1 * * *", "America/New_York", from: "2026-10-31T12:00:00-04:00", count: 2) == [
                "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00",
            ])
        #expect(
            try fires("30 1 * * *", "America/New_York", from: "2026-11-01T01:10:00-05:00", count: 1) == [
                "2026-11-02T01:30:00-05:00"
            ])
    }

    @Test func newYorkWildcardsFireInBothRepeatedHours() throws {
        #expect(
            try fires("*/30 * * * *", "America/New_York", from: "2026-11-01T00:30:00-04:00", count: 5) == [
                "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00",
                "2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00",
            ])
        #expect(
            try fires("*/30 * * * *", "America/New_York", from: "2026-11-01T01:45:00-04:00", count: 1) == [
                "2026-11-01T01:00:00-05:00"
            ])
    }

    // MARK: - Europe/London

    @Test func londonSpringForward() throws {
        #expect(
            try fires("30 1 * * *", "Europe/London", from: "2026-03-28T12:00:00+00:00", count: 2) == [
                "2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00",
            ])
        #expect(
            try fires("0 * * * *", "Europe/London", from: "2026-03-29T00:00:00+00:00", count: 2) == [
                "2026-03-29T02:00:00+01:00", "2026-03-29T03:00:00+01:00",
            ])
    }

    @Test func londonFallBack() throws {
        #expect(
            try fires("30 1 * * *", "Europe/London", from: "2026-10-24T12:00:00+01:00", count: 2) == [
                "2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00",
            ])
        #expect(
            try fires("*/20 1 * * *", "Europe/London", from: "2026-10-25T00:50:00+01:00", count: 7) == [
                "2026-10-25T01:00:00+01:00", "2026-10-25T01:20:00+01:00", "2026-10-25T01:40:00+01:00",
                "2026-10-25T01:00:00+00:00", "2026-10-25T01:20:00+00:00", "2026-10-25T01:40:00+00:00",
                "2026-10-26T01:00:00+00:00",
            ])
    }

    // MARK: - Australia/Lord_Howe (30-minute shift)

    @Test func lordHoweHalfHourFallBack() throws {
        #expect(
            try fires("45 1 * * *", "Australia/Lord_Howe", from: "2026-04-04T12:00:00+11:00", count: 2) == [
                "2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30",
            ])
        #expect(
            try fires("*/15 * * * *", "Australia/Lord_Howe", from: "2026-04-05T01:20:00+11:00", count: 6) == [
                "2026-04-05T01:30:00+11:00", "2026-04-05T01:45:00+11:00", "2026-04-05T01:30:00+10:30",
                "2026-04-05T01:45:00+10:30", "2026-04-05T02:00:00+10:30", "2026-04-05T02:15:00+10:30",
            ])
    }

    @Test func lordHoweHalfHourSpringForward() throws {
        #expect(
            try fires("15 2 * * *", "Australia/Lord_Howe", from: "2026-10-03T12:00:00+10:30", count: 2) == [
                "2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00",
            ])
        #expect(
            try fires("45 2 * * *", "Australia/Lord_Howe", from: "2026-10-03T12:00:00+10:30", count: 1) == [
                "2026-10-04T02:45:00+11:00"
            ])
        #expect(
            try fires("*/15 * * * *", "Australia/Lord_Howe", from: "2026-10-04T01:40:00+10:30", count: 3) == [
                "2026-10-04T01:45:00+10:30", "2026-10-04T02:30:00+11:00", "2026-10-04T02:45:00+11:00",
            ])
    }
}
