import Foundation
import Testing

@testable import Upkeep

@Suite struct CalendarDayTests {
    @Test func sameInstantFallsOnDifferentDaysFarFromUTC() {
        let instant = InsightsFixtures.instant("2026-06-14T10:30:00Z")
        let kiritimati = CalendarDay(
            containing: instant, in: InsightsFixtures.zone("Pacific/Kiritimati"))
        let pagoPago = CalendarDay(
            containing: instant, in: InsightsFixtures.zone("Pacific/Pago_Pago"))
        #expect(kiritimati.description == "2026-06-15")
        #expect(pagoPago.description == "2026-06-13")
        #expect(kiritimati.ordinal - pagoPago.ordinal == 2)
    }

    @Test func daylightSavingDaysLastTwentyThreeAndTwentyFiveHours() {
        let newYork = InsightsFixtures.zone("America/New_York")
        let spring = InsightsFixtures.day("2026-03-08").interval(in: newYork)
        let autumn = InsightsFixtures.day("2026-11-01").interval(in: newYork)
        #expect(spring.upperBound.timeIntervalSince(spring.lowerBound) == 23 * 3_600)
        #expect(autumn.upperBound.timeIntervalSince(autumn.lowerBound) == 25 * 3_600)
        #expect(spring.lowerBound == InsightsFixtures.instant("2026-03-08T05:00:00Z"))
        #expect(autumn.upperBound == InsightsFixtures.instant("2026-11-02T05:00:00Z"))
    }

    @Test func ordinalsRoundTripAcrossLeapYearsAndCenturies() {
        #expect(InsightsFixtures.day("1970-01-01").ordinal == 0)
        #expect(
            InsightsFixtures.day("2000-03-01").ordinal - InsightsFixtures.day("2000-02-28").ordinal
                == 2)
        #expect(
            InsightsFixtures.day("2100-03-01").ordinal - InsightsFixtures.day("2100-02-28").ordinal
                == 1)
        for ordinal in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDay(ordinal: ordinal).ordinal == ordinal)
        }
        #expect(InsightsFixtures.day("2026-12-31").adding(days: 1).description == "2027-01-01")
    }

    @Test func parsingRejectsImpossibleDates() {
        #expect(CalendarDay(parsing: "2026-02-29") == nil)
        #expect(CalendarDay(parsing: "2028-02-29") != nil)
        #expect(CalendarDay(parsing: "2026-13-01") == nil)
        #expect(CalendarDay(parsing: "2026-1-01") == nil)
        #expect(CalendarDay(parsing: "yesterday") == nil)
    }

    @Test func encodesAsIsoDateString() throws {
        let data = try JSONEncoder().encode([InsightsFixtures.day("2026-12-03")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-12-03"]"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDay].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
