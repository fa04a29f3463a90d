import Foundation
import Testing
import Upkeep

/// The behaviour every ``WeightPassStore`` must show, as one check per behaviour.
///
/// The checks compare what the store's pass wrote and counted with a reference computed in
/// memory from the same relationships and interactions, through the same
/// ``WeightPass/evaluate(storedWeight:updatedAt:boostedThrough:lastInteractionAt:tally:)``,
/// so a store passes only if its pass is indistinguishable from the portable pipeline:
///
/// ```swift
/// @Test(arguments: WeightPassConformance.checks)
/// func weightPassConforms(_ check: WeightPassConformance.Check) async throws {
///     try await WeightPassConformance.run(check) { InMemoryGraphStore() }
/// }
/// ```
///
/// The factory must return a fresh, empty store for every call.
public enum WeightPassConformance {
    /// Makes a fresh, empty store.
    public typealias Factory = @Sendable () async throws -> any WeightPassStore

    /// One behaviour of a weight pass.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Weights, times, totals and changed users equal the reference under the default update.
        case defaultUpdateMatchesTheReference
        /// The same under step decay with the seed's 30-day window boost.
        case stepDecayWithWindowBoostMatchesTheReference
        /// The same under half-life decay towards a floor with a larger boost and cap.
        case flooredDecayMatchesTheReference
        /// A dry run counts what a real pass would change and writes nothing.
        case dryRunWritesNothing
        /// Relationships created and deleted between pages do not make the pass skip or repeat any.
        case pagesSurviveChangesBetweenPages
        /// NaN, infinite and out-of-range stored weights are counted, reported up to the limit, and repaired.
        case storedWeightProblemsAreReportedUpToTheLimit
        /// A pass over an empty graph ends after one empty page.
        case emptyGraphEndsAtOnce

        /// The behaviour's name.
        public var description: String { rawValue }
    }

    /// Every check, in declaration order.
    public static var checks: [Check] { Check.allCases }

    /// Runs one check against a fresh store from `makeStore`.
    ///
    /// - Throws: an error from the store, or a ``ConformanceFailure`` when a check cannot go on.
    public static func run(_ check: Check, makeStore: Factory) async throws {
        let store = try await makeStore()
        switch check {
        case .defaultUpdateMatchesTheReference:
            try await matchesTheReference(store, update: WeightUpdate())
        case .stepDecayWithWindowBoostMatchesTheReference:
            let update = WeightUpdate(decay: .step(try StepDecay()), boost: try BehaviourBoost(mode: .window(days: 30)))
            try await matchesTheReference(store, update: update)
        case .flooredDecayMatchesTheReference:
            let decay = try HalfLifeDecay(halfLife: .seconds(7 * 86_400), floor: 0.1)
            let update = WeightUpdate(decay: .halfLife(decay), boost: try BehaviourBoost(perInteraction: 0.1, cap: 0.5))
            try await matchesTheReference(store, update: update)
        case .dryRunWritesNothing: try await dryRunWritesNothing(store)
        case .pagesSurviveChangesBetweenPages: try await pagesSurviveChangesBetweenPages(store)
        case .storedWeightProblemsAreReportedUpToTheLimit: try await storedWeightProblemsAreReported(store)
        case .emptyGraphEndsAtOnce: try await emptyGraphEndsAtOnce(store)
        }
    }

    // MARK: - Checks

    static func matchesTheReference(_ store: any WeightPassStore, update: WeightUpdate) async throws {
        let scenario = WeightPassScenario(seed: 0x5EED)
        try await scenario.load(into: store)
        let pass = scenario.pass(update: update, problemLimit: 1_000)
        let expected = scenario.reference(for: pass)

        let result = try await WeightPassRun.all(store, pass: pass, limit: 7)

        #expect(result.totals == expected.totals, "the pass counts what the reference counts")
        #expect(Set(result.changedUsers) == expected.changedUsers, "changed users are the User endpoints of writes")
        #expect(
            Set(result.problems.map(\.summary)) == Set(expected.problems.map(\.summary)),
            "every stored-weight problem is reported")
        let stored = try await store.relationships(scenario.relationships.map(\.key))
        try expectSame(stored, expected.relationships, "every relationship holds the reference's fields")
    }

    static func dryRunWritesNothing(_ store: any WeightPassStore) async throws {
        let scenario = WeightPassScenario(seed: 0xD27)
        try await scenario.load(into: store)
        let pass = scenario.pass(update: WeightUpdate(), dryRun: true, problemLimit: 1_000)
        let expected = scenario.reference(for: pass)

        let result = try await WeightPassRun.all(store, pass: pass, limit: 10)

        #expect(result.totals == expected.totals, "a dry run counts what a real pass would change")
        #expect(result.totals.written == 0, "a dry run writes nothing")
        #expect(result.totals.changed > 0, "the scenario has changes a real pass would write")
        let stored = try await store.relationships(scenario.relationships.map(\.key))
        try expectSame(stored, scenario.relationships.sorted { $0.key < $1.key }, "a dry run leaves every field")
    }

    static func pagesSurviveChangesBetweenPages(_ store: any WeightPassStore) async throws {
        let now = Fixture.time(1_000_000)
        let notes = (1...30).map { Fixture.node(.note, $0) }
        try await store.upsertNodes(notes)
        let original = (2...21).map { target in
            Fixture.relationship(
                .relatedTo, from: NodeKey(.note, 1), to: NodeKey(.note, Int64(target)), weight: 0.5,
                createdAt: Fixture.time(0), updatedAt: Fixture.time(1_000))
        }
        try await store.upsertRelationships(original)
        let pass = WeightPass(update: WeightUpdate(), now: now, staleBefore: now)

        let first = try await store.updateWeights(pass, after: nil, limit: 3)
        #expect(first.totals.scanned == 3, "a full first page holds the limit")
        let visited = try await store.relationships(original.map(\.key)).filter { $0.updatedAt == now }
        let unvisited = original.filter { candidate in !visited.contains { $0.key == candidate.key } }
        let deleted = [try #require(visited.first).key, try #require(unvisited.last).key]
        #expect(try await store.deleteRelationships(deleted) == 2)
        let added = Fixture.relationship(
            .relatedTo, from: NodeKey(.note, 2), to: NodeKey(.note, 30), weight: 0.5,
            createdAt: Fixture.time(0), updatedAt: Fixture.time(1_000))
        try await store.upsertRelationships([added])

        var totals = first.totals
        if let next = first.next {
            totals.add(try await WeightPassRun.all(store, pass: pass, limit: 3, from: next).totals)
        }

        let survivors = original.count - 2
        let evaluated = original.count - 1
        #expect(
            totals.scanned == evaluated || totals.scanned == evaluated + 1,
            "each original relationship but the deleted unvisited one is evaluated once, the added one at most once")
        let remaining = try await store.relationships(original.map(\.key))
        #expect(remaining.count == survivors)
        #expect(remaining.allSatisfy { $0.updatedAt == now }, "no surviving relationship is skipped")
    }

    static func storedWeightProblemsAreReported(_ store: any WeightPassStore) async throws {
        let now = Fixture.time(86_400)
        let weights: [Double] = [.nan, .infinity, -.infinity, -0.5, 1.5, 0.5]
        try await store.upsertNodes((1...7).map { Fixture.node(.note, $0) })
        let relationships = weights.enumerated().map { index, weight in
            Fixture.relationship(
                .relatedTo, from: NodeKey(.note, 1), to: NodeKey(.note, Int64(index + 2)), weight: weight,
                createdAt: Fixture.time(0))
        }
        try await store.upsertRelationships(relationships)
        let pass = WeightPass(update: WeightUpdate(), now: now, staleBefore: now, problemLimit: 2)

        let page = try await store.updateWeights(pass, after: nil, limit: 100)

        #expect(page.totals.invalid == 3, "NaN and both infinities are invalid")
        #expect(page.totals.clamped == 2, "-0.5 and 1.5 are clamped")
        #expect(page.problems.count == 2, "a page reports at most the pass's problem limit")
        for problem in page.problems {
            let stored = try #require(relationships.first { $0.key == problem.key }, "a reported key exists")
            #expect(problem.problem == StoredWeight(stored.weight).problem, "\(problem.key) names its problem")
        }
        let repaired = try await store.relationships(relationships.map(\.key))
        #expect(repaired.allSatisfy { (0...1).contains($0.weight) }, "every weight is in [0, 1] after the pass")
    }

    static func emptyGraphEndsAtOnce(_ store: any WeightPassStore) async throws {
        let now = Fixture.time(86_400)
        let page = try await store.updateWeights(
            WeightPass(update: WeightUpdate(), now: now, staleBefore: now), after: nil, limit: 10)
        #expect(page.next == nil, "an empty graph has no next page")
        #expect(page.totals == WeightPassTotals())
    }

    // MARK: - Comparing

    /// Expects the same relationships in the same order, treating NaN weights as equal.
    static func expectSame(
        _ actual: [Relationship],
        _ expected: [Relationship],
        _ behaviour: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try #require(
            actual.map(\.key) == expected.map(\.key), "\(behaviour): the same relationships exist",
            sourceLocation: sourceLocation)
        for (stored, reference) in zip(actual, expected) where !same(stored, reference) {
            Issue.record("\(behaviour): \(stored) is not \(reference)", sourceLocation: sourceLocation)
        }
    }

    private static func same(_ left: Relationship, _ right: Relationship) -> Bool {
        var left = left
        var right = right
        if left.weight.isNaN, right.weight.isNaN { (left.weight, right.weight) = (0, 0) }
        return left == right
    }
}

extension WeightProblem {
    /// The key and the problem, comparable even when the stored weight is NaN.
    fileprivate var summary: String { "\(key) \(problem)" }
}
