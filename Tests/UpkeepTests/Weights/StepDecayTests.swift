import Foundation
import Testing
import Upkeep

@Suite("Step decay")
struct StepDecayTests {
    private let day = WeightFixtures.day

    @Test func factorFollowsTheSeedTable() {
        #expect(StepDecay.factor(age: 0) == 1.0)
        #expect(StepDecay.factor(age: 7 * day - 1) == 1.0)
        #expect(StepDecay.factor(age: 7 * day) == 0.9)
        #expect(StepDecay.factor(age: 30 * day - 1) == 0.9)
        #expect(StepDecay.factor(age: 30 * day) == 0.7)
        #expect(StepDecay.factor(age: 90 * day - 1) == 0.7)
        #expect(StepDecay.factor(age: 90 * day) == 0.5)
        #expect(StepDecay.factor(age: 3_000 * day) == 0.5)
    }

    @Test func weightIsNotMultipliedBeforeAPeriodHasPassed() throws {
        let decay = try StepDecay(period: .seconds(14 * day))

        #expect(decay.decayed(0.8, elapsed: 13 * day) == 0.8)
        #expect(decay.decayed(0.8, elapsed: 14 * day) == 0.8 * 0.9)
    }

    @Test func frequentRunsDoNotCompoundTheFactor() {
        let decay = StepDecay.standard
        var weight = 1.0
        var writtenAt: TimeInterval = 0

        for run in 1...(14 * 144) {
            let now = TimeInterval(run) * 600
            let decayed = decay.decayed(weight, elapsed: now - writtenAt)
            if decayed != weight { (weight, writtenAt) = (decayed, now) }
        }

        #expect(abs(weight - 0.81) < 1e-12)
    }

    @Test func fortyDayOldWeightIsMultipliedBySevenTenths() {
        #expect(abs(StepDecay.standard.decayed(0.8, elapsed: 40 * day) - 0.56) < 1e-12)
    }

    @Test func nonPositivePeriodIsRejected() {
        #expect(throws: ParameterError.self) { try StepDecay(period: .zero) }
    }
}
