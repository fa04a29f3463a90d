import Foundation
import Testing
import Upkeep
import UpkeepDemo
import UpkeepTesting

@Suite("Weight update")
struct WeightUpdateTests {
    private let day = WeightFixtures.day
    private let now = WeightFixtures.start

    @Test func seedExampleDecaysThenBoosts() throws {
        let update = WeightUpdate(decay: .step(.standard), boost: try BehaviourBoost(mode: .window(days: 30)))
        let relationship = WeightFixtures.relationship(weight: 0.8, writtenDaysAgo: 40)

        let three = update.outcome(for: relationship, tally: InteractionTally(count: 3, latest: now), now: now)
        let ten = update.outcome(for: relationship, tally: InteractionTally(count: 10, latest: now), now: now)

        #expect(abs(three.decayed - 0.56) < 1e-12)
        #expect(abs(three.boost - 0.15) < 1e-12)
        #expect(abs(three.weight - 0.71) < 1e-12)
        #expect(ten.boost == 0.3)
        #expect(abs(ten.weight - 0.86) < 1e-12)
    }

    @Test func weightsStayInTheUnitIntervalForAnyInput() throws {
        var random = SeededRandomNumberGenerator(seed: 0x5EED_0002)
        let specials: [Double] = [
            .nan, -.nan, .infinity, -.infinity, -0.0, 0, 1, -1, 2, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 1 + .ulpOfOne, -.leastNonzeroMagnitude,
        ]
        let updates = [
            WeightUpdate(),
            WeightUpdate(decay: .step(.standard)),
            WeightUpdate(decay: .halfLife(try HalfLifeDecay(halfLife: .seconds(60), floor: 1))),
            WeightUpdate(boost: try BehaviourBoost(perInteraction: 1, cap: 1, mode: .window(days: 1))),
        ]

        for index in 0..<20_000 {
            let special = specials[index % specials.count]
            let stored = index < specials.count * 8 ? special : Double.random(in: -3...3, using: &random)
            let elapsed = index % 7 == 0 ? special : Double.random(in: -day...(900 * day), using: &random)
            let count = Int.random(in: -2...40, using: &random)
            let update = updates[index % updates.count]

            let outcome = update.outcome(
                storedWeight: stored, elapsed: elapsed, tally: InteractionTally(count: count, latest: now))

            #expect(outcome.weight >= 0 && outcome.weight <= 1, "stored \(stored), elapsed \(elapsed)")
        }
    }

    @Test func notANumberIsReportedAndTreatedAsZero() {
        let relationship = WeightFixtures.relationship(weight: .nan, writtenDaysAgo: 0.5)

        let tally = InteractionTally(count: 2, latest: now)

        let (outcome, write) = WeightUpdate().apply(relationship, tally: tally, now: now)

        #expect(outcome.problem == .notANumber)
        #expect(outcome.problem?.isInvalid == true)
        #expect(abs(outcome.weight - 0.1) < 1e-12)
        #expect(write?.weight == outcome.weight)
    }

    @Test(arguments: [Double.infinity, -Double.infinity])
    func infinitiesAreReportedAndNeverWrittenBack(stored: Double) {
        let relationship = WeightFixtures.relationship(weight: stored, writtenDaysAgo: 3)

        let (outcome, write) = WeightUpdate().apply(relationship, tally: .zero, now: now)

        #expect(outcome.problem == .infinite)
        #expect(outcome.weight == 0)
        #expect(write?.weight == 0)
    }

    @Test func outOfRangeWeightsAreClampedAndReportedAsSuch() {
        #expect(StoredWeight(-0.25).value == 0)
        #expect(StoredWeight(-0.25).problem == .negative)
        #expect(StoredWeight(1.5).value == 1)
        #expect(StoredWeight(1.5).problem == .aboveOne)
        #expect(StoredWeight(1.5).problem?.isInvalid == false)
        #expect(StoredWeight(0.4).problem == nil)
    }

    @Test func unchangedRelationshipIsNotWritten() {
        let update = WeightUpdate(decay: .step(.standard))
        let relationship = WeightFixtures.relationship(weight: 0.6, writtenDaysAgo: 2)

        let (outcome, write) = update.apply(relationship, tally: .zero, now: now)

        #expect(outcome.weight == 0.6)
        #expect(write == nil)
    }

    @Test func countedInteractionsAreWrittenEvenWhenTheWeightIsCapped() {
        let relationship = WeightFixtures.relationship(weight: 1, writtenDaysAgo: 0)
        let latest = now.addingTimeInterval(-60)

        let tally = InteractionTally(count: 1, latest: latest)

        let (outcome, write) = WeightUpdate().apply(relationship, tally: tally, now: now)

        #expect(outcome.weight == 1)
        #expect(write?.boostedThrough == now)
        #expect(write?.lastInteractionAt == latest)
    }

    @Test func writeAdvancesBoostedThroughToNowInTheDefaultMode() {
        let relationship = WeightFixtures.relationship(weight: 0.9, writtenDaysAgo: 5)

        let (_, write) = WeightUpdate().apply(relationship, tally: .zero, now: now)

        #expect(write?.updatedAt == now)
        #expect(write?.boostedThrough == now)
        #expect(write?.lastInteractionAt == nil)
    }

    @Test func olderInteractionDoesNotMoveLastInteractionBack() {
        var relationship = WeightFixtures.relationship(weight: 0.5, writtenDaysAgo: 5)
        relationship.lastInteractionAt = now.addingTimeInterval(-60)
        let tally = InteractionTally(count: 1, latest: now.addingTimeInterval(-3_600))

        let (_, write) = WeightUpdate().apply(relationship, tally: tally, now: now)

        #expect(write != nil)
        #expect(write?.lastInteractionAt == nil)
    }
}
