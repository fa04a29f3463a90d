import Foundation
import Testing

@testable import Upkeep

@Suite("Cron parsing")
struct CronParsingTests {
    private let utc = TimeZone(identifier: "UTC")!
    private let start = Date(epochMilliseconds: 1_767_225_600_000)

    private func parseError(_ text: String) -> CronError? {
        do {
            _ = try CronExpression(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@weekly", "0 0 * * 0"), ("@monthly", "0 0 1 * *"), ("@yearly", "0 0 1 1 *"),
        ("@ANNUALLY", "0 0 1 1 *"),
    ])
    func macrosExpandToTheirFields(macro: String, fields: String) throws {
        let expanded = try CronExpression(parsing: macro).fireTimes(after: start, in: utc, count: 5)
        let written = try CronExpression(parsing: fields).fireTimes(after: start, in: utc, count: 5)
        #expect(expanded == written)
        #expect(expanded.count == 5)
    }

    @Test func namesAreCaseInsensitive() throws {
        let named = try CronExpression(parsing: "0 9 * JAN,Feb mon-FRI")
        let numbered = try CronExpression(parsing: "0 9 * 1,2 1-5")
        #expect(
            named.fireTimes(after: start, in: utc, count: 40) == numbered.fireTimes(after: start, in: utc, count: 40))
    }

    @Test func wildcardClassFollowsMinuteAndHourFields() throws {
        #expect(try CronExpression(parsing: "*/10 * * * *").isWildcard)
        #expect(try CronExpression(parsing: "0 * * * *").isWildcard)
        #expect(try !CronExpression(parsing: "30 2 * * *").isWildcard)
        #expect(try !CronExpression(parsing: "@daily").isWildcard)
    }

    @Test func outOfRangeValueNamesFieldAndValue() throws {
        let error = try #require(parseError("75 * * * *"))
        #expect(error.code == .outOfRange)
        #expect(error.field == .minute)
        #expect(error.description == #"cron minute field "75": 75 is out of range 0-59"#)
        #expect(parseError("0 0 32 * *")?.field == .dayOfMonth)
        #expect(parseError("0 0 * 13 *")?.code == .outOfRange)
        #expect(parseError("0 0 * * 8")?.code == .outOfRange)
    }

    @Test func badStepsAreRejected() throws {
        let zero = try #require(parseError("*/0 * * * *"))
        #expect(zero.code == .badStep)
        #expect(zero.description == #"cron minute field "*/0": step 0 is not between 1 and 60"#)
        #expect(parseError("0 */x * * *")?.description == #"cron hour field "*/x": step "x" is not a number"#)
        let single = try #require(parseError("5/10 * * * *"))
        #expect(single.code == .badStep)
        #expect(single.text == "5/10")
        #expect(parseError("1-5/2/3 * * * *")?.code == .badStep)
    }

    @Test func reversedRangeIsRejected() throws {
        let error = try #require(parseError("0 0 * * fri-mon"))
        #expect(error.code == .reversedRange)
        #expect(error.field == .dayOfWeek)
        #expect(
            error.description
                == #"cron day-of-week field "fri-mon": range fri-mon runs backwards; write the smaller value first"#)
    }

    @Test func unknownNamesAreRejected() throws {
        let month = try #require(parseError("0 0 * jnu *"))
        #expect(month.code == .unknownName)
        #expect(month.description == #"cron month field "jnu": unknown month name "jnu"; expected jan-dec"#)
        #expect(parseError("0 0 * * funday")?.code == .unknownName)
        #expect(parseError("0 noon * * *")?.code == .unknownName)
        let macro = try #require(parseError("@fortnightly"))
        #expect(macro.code == .unknownName)
        #expect(macro.field == nil)
        #expect(macro.text == "@fortnightly")
    }

    @Test func wrongFieldCountIsRejected() throws {
        let error = try #require(parseError("0 0 * *"))
        #expect(error.code == .wrongFieldCount)
        #expect(
            error.description
                == #"cron expression "0 0 * *": expected 5 fields (minute hour day-of-month month day-of-week), found 4"#
        )
        #expect(parseError("0 0 * * * *")?.code == .wrongFieldCount)
        #expect(parseError("")?.code == .wrongFieldCount)
    }

    @Test func malformedItemsAreRejected() throws {
        #expect(parseError("1,,2 * * * *")?.code == .malformed)
        #expect(parseError("-5 * * * *")?.code == .malformed)
        #expect(parseError("1-2-3 * * * *")?.code == .malformed)
    }

    @Test func searchSkipsWholeMonthsAndDays() throws {
        let cron = try CronExpression(parsing: "0 0 29 2 mon")
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = cron.fireTimes(after: start, in: TimeZone(identifier: "America/New_York")!, count: 2_000)
        }
        #expect(elapsed < .seconds(5))
    }
}
