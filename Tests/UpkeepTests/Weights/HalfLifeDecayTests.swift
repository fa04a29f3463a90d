import Foundation
import Testing
import Upkeep
import UpkeepDemo
import UpkeepTesting

@Suite("Half-life decay")
struct HalfLifeDecayTests {
    private let day = WeightFixtures.day

    @Test func tenMinuteStepsOverThirtyDaysEqualOneApplication() throws {
        var random = SeededRandomNumberGenerator(seed: 0x5EED_0001)
        let step: TimeInterval = 600
        let steps = Int(30 * day / step)

        for _ in 0..<40 {
            let halfLifeDays = Double.random(in: 0.5...400, using: &random)
            let floor = Double.random(in: 0...0.5, using: &random)
            let decay = try HalfLifeDecay(halfLife: .seconds(halfLifeDays * day), floor: floor)
            let start = Double.random(in: 0...1, using: &random)

            var stepped = start
            for _ in 0..<steps { stepped = decay.decayed(stepped, elapsed: step) }
            let once = decay.decayed(start, elapsed: 30 * day)

            #expect(abs(stepped - once) <= 1e-9, "half-life \(halfLifeDays) days, floor \(floor), w0 \(start)")
        }
    }

    @Test func distanceToTheFloorHalvesEachHalfLife() throws {
        let decay = try HalfLifeDecay(halfLife: .seconds(10 * day), floor: 0.2)

        #expect(abs(decay.decayed(1.0, elapsed: 10 * day) - 0.6) < 1e-12)
        #expect(abs(decay.decayed(1.0, elapsed: 20 * day) - 0.4) < 1e-12)
        #expect(abs(decay.decayed(0.0, elapsed: 10 * day) - 0.1) < 1e-12)
    }

    @Test func defaultHalvesAWeightInThirtyDays() {
        let decay = HalfLifeDecay.standard

        #expect(decay.halfLife == .seconds(30 * 86_400))
        #expect(decay.floor == 0)
        #expect(abs(decay.decayed(0.8, elapsed: 30 * day) - 0.4) < 1e-12)
    }

    @Test func decayRunsFromTheLastWriteNotFromCreation() {
        let now = WeightFixtures.start
        let written = now.addingTimeInterval(-30 * day)

        let decayed = HalfLifeDecay.standard.decayed(1.0, lastWritten: written, now: now)

        #expect(abs(decayed - 0.5) < 1e-12)
    }

    @Test(arguments: [-1.0, -86_400 * 365, 0, -.infinity, .nan])
    func nonPositiveOrUnknownElapsedTimeLeavesTheWeightAlone(elapsed: Double) {
        #expect(HalfLifeDecay.standard.decayed(0.7, elapsed: elapsed) == 0.7)
    }

    @Test func infiniteElapsedTimeReachesTheFloor() throws {
        let decay = try HalfLifeDecay(floor: 0.25)

        #expect(decay.decayed(0.9, elapsed: .infinity) == 0.25)
    }

    @Test func invalidParametersAreRejected() {
        #expect(throws: ParameterError.self) { try HalfLifeDecay(halfLife: .zero) }
        #expect(throws: ParameterError.self) { try HalfLifeDecay(halfLife: .seconds(-5)) }
        #expect(throws: ParameterError.self) { try HalfLifeDecay(floor: 1.5) }
        #expect(throws: ParameterError.self) { try HalfLifeDecay(floor: .nan) }
    }

    @Test func parameterErrorNamesTheParameterAndValue() {
        let error = #expect(throws: ParameterError.self) { try HalfLifeDecay(floor: -0.5) }

        #expect(error?.description == "invalid parameter floor = -0.5: must be between 0 and 1")
    }
}
