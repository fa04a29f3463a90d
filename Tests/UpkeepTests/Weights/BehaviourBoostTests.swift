import Foundation
import Testing
import Upkeep

@Suite("Behaviour boost")
struct BehaviourBoostTests {
    private let day = WeightFixtures.day
    private let now = WeightFixtures.start

    @Test func eachInteractionAddsFiveHundredthsUpToACap() {
        let boost = BehaviourBoost.standard

        #expect(boost.boost(for: .zero) == 0)
        #expect(abs(boost.boost(for: InteractionTally(count: 3, latest: now)) - 0.15) < 1e-12)
        #expect(boost.boost(for: InteractionTally(count: 6, latest: now)) == 0.3)
        #expect(boost.boost(for: InteractionTally(count: 10, latest: now)) == 0.3)
        #expect(boost.boost(for: InteractionTally(count: .max, latest: now)) == 0.3)
        #expect(boost.boost(for: InteractionTally(count: -4, latest: nil)) == 0)
    }

    @Test func countOnceWindowStartsAfterBoostedThrough() {
        let boosted = now.addingTimeInterval(-3_600)
        let relationship = WeightFixtures.relationship(weight: 0.5, writtenDaysAgo: 2, boostedThrough: boosted)

        let window = BehaviourBoost.standard.window(for: relationship, now: now)

        #expect(window == InteractionWindow(target: NodeKey(.tag, 1), after: boosted, through: now))
    }

    @Test func countOnceWindowStartsAtCreationBeforeTheFirstBoost() {
        let relationship = WeightFixtures.relationship(weight: 0.5, writtenDaysAgo: 2)

        let window = BehaviourBoost.standard.window(for: relationship, now: now)

        #expect(window.after == relationship.createdAt)
        #expect(window.through == now)
    }

    @Test func compatibilityWindowCoversTheLastThirtyDays() throws {
        let boost = try BehaviourBoost(mode: .window(days: 30))
        let relationship = WeightFixtures.relationship(weight: 0.5, writtenDaysAgo: 2, boostedThrough: now)

        let window = boost.window(for: relationship, now: now)

        #expect(window.after == now.addingTimeInterval(-30 * day))
        #expect(window.through == now)
        #expect(!boost.advancesBoostedThrough)
    }

    @Test func sameInteractionNeverBoostsTwiceAcrossRuns() {
        let update = WeightUpdate(decay: .step(.standard), boost: .standard)
        let interactions = (1...9).map { now.addingTimeInterval(Double($0) * 900) }
        var relationship = WeightFixtures.relationship(weight: 0.2, writtenDaysAgo: 1)
        var totalBoost = 0.0

        for run in 1...15 {
            let runAt = now.addingTimeInterval(Double(run) * 600)
            let window = update.boost.window(for: relationship, now: runAt)
            let (outcome, write) = update.apply(
                relationship, tally: WeightFixtures.tally(interactions, in: window), now: runAt)
            totalBoost += outcome.boost
            if let write = write { apply(write, to: &relationship) }
        }

        #expect(abs(totalBoost - 0.45) < 1e-12)
        #expect(abs(relationship.weight - 0.65) < 1e-12)
        #expect(relationship.lastInteractionAt == interactions.last)
    }

    @Test func compatibilityModeCountsTheSameInteractionsEveryRun() throws {
        let update = WeightUpdate(decay: .step(.standard), boost: try BehaviourBoost(mode: .window(days: 30)))
        let interactions = [now.addingTimeInterval(-3 * day)]
        var relationship = WeightFixtures.relationship(weight: 0.2, writtenDaysAgo: 1)

        for run in 1...3 {
            let runAt = now.addingTimeInterval(Double(run) * 600)
            let window = update.boost.window(for: relationship, now: runAt)
            let (_, write) = update.apply(
                relationship, tally: WeightFixtures.tally(interactions, in: window), now: runAt)
            if let write = write { apply(write, to: &relationship) }
        }

        #expect(abs(relationship.weight - 0.35) < 1e-12)
        #expect(relationship.boostedThrough == nil)
    }

    @Test func invalidParametersAreRejected() {
        #expect(throws: ParameterError.self) { try BehaviourBoost(perInteraction: -0.1) }
        #expect(throws: ParameterError.self) { try BehaviourBoost(cap: 2) }
        #expect(throws: ParameterError.self) { try BehaviourBoost(mode: .window(days: 0)) }
    }

    private func apply(_ write: WeightWrite, to relationship: inout Relationship) {
        relationship.weight = write.weight
        relationship.updatedAt = write.updatedAt
        if let boostedThrough = write.boostedThrough { relationship.boostedThrough = boostedThrough }
        if let latest = write.lastInteractionAt { relationship.lastInteractionAt = latest }
    }
}
