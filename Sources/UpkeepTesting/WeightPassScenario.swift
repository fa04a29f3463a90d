import Foundation
import Upkeep

/// A small random graph with interactions, and what a weight pass over it must produce.
///
/// Relationships of four types join users, notes and tags; their weights include a few invalid
/// and out-of-range values, their boost bookkeeping is sometimes empty, and some were written too
/// recently to be stale. Interactions fall before, inside and after the windows, including
/// exactly on window bounds.
struct WeightPassScenario {
    /// The instant the pass computes for.
    let now = Fixture.time(200 * 86_400)
    /// Relationships written at or after this instant are not stale.
    var staleBefore: Date { now.addingTimeInterval(-3_600) }
    let nodes: [Node]
    let relationships: [Relationship]
    let interactions: [Interaction]

    /// Builds the scenario from `seed`.
    init(seed: UInt64) {
        var random = SeededRandomNumberGenerator(seed: seed)
        let users = (1...6).map { NodeKey(.user, Int64($0)) }
        let notes = (1...25).map { NodeKey(.note, Int64($0)) }
        let tags = (1...4).map { NodeKey(.tag, Int64($0)) }
        nodes = (users + notes + tags).map { Node(key: $0, createdAt: Fixture.epoch) }

        var byKey: [RelationshipKey: Relationship] = [:]
        while byKey.count < 90 {
            let key = Self.randomKey(users: users, notes: notes, tags: tags, using: &random)
            byKey[key] = Self.randomRelationship(key, now: now, using: &random)
        }
        relationships = byKey.values.sorted { $0.key < $1.key }

        let bounds = relationships.map { $0.boostedThrough ?? $0.createdAt }
        interactions = (0..<300).map { index in
            let target = [users, notes, tags].randomElement(using: &random)!.randomElement(using: &random)!
            let at: Date
            if index % 10 == 0, let bound = bounds.randomElement(using: &random) {
                at = bound
            } else if index % 25 == 1 {
                at = Fixture.time(200 * 86_400 + 60)
            } else {
                at = Fixture.time(Double(Int.random(in: 100...200, using: &random)) * 86_400 - 3_600)
            }
            return Fixture.interaction("i\(index)", user: 1, target: target, at: at)
        }
    }

    private static func randomKey(
        users: [NodeKey],
        notes: [NodeKey],
        tags: [NodeKey],
        using random: inout SeededRandomNumberGenerator
    ) -> RelationshipKey {
        let user = users.randomElement(using: &random)!
        let note = notes.randomElement(using: &random)!
        let tag = tags.randomElement(using: &random)!
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return RelationshipKey(.created, from: user, to: note)
        case 1: return RelationshipKey(.taggedWith, from: note, to: tag)
        case 2: return RelationshipKey(.interestedIn, from: user, to: tag)
        default: return RelationshipKey(.relatedTo, from: note, to: user)
        }
    }

    private static func randomRelationship(
        _ key: RelationshipKey,
        now: Date,
        using random: inout SeededRandomNumberGenerator
    ) -> Relationship {
        let day = 86_400.0
        let created = Fixture.time(Double(Int.random(in: 0...150, using: &random)) * day)
        let written = Fixture.time(
            max(created.timeIntervalSince(Fixture.epoch), 200 * day - Double.random(in: 0...(40 * day), using: &random))
        )
        let special: [Double] = [.nan, .infinity, -0.25, 1.25, 0, 1]
        let weight =
            Int.random(in: 0..<12, using: &random) == 0
            ? special.randomElement(using: &random)!
            : (Double.random(in: 0...1, using: &random) * 1000).rounded() / 1000
        let boosted = Bool.random(using: &random) ? written : nil
        let latest = Bool.random(using: &random) ? Fixture.time(written.timeIntervalSince(Fixture.epoch) - day) : nil
        return Relationship(
            key: key, weight: weight, createdAt: created, updatedAt: written, lastInteractionAt: latest,
            boostedThrough: boosted)
    }

    /// Writes the nodes, relationships and interactions into `graph`.
    func load(into graph: any GraphStore) async throws {
        try await graph.upsertNodes(nodes)
        try await graph.upsertRelationships(relationships)
        try await graph.recordInteractions(interactions)
    }

    /// A pass at ``now`` over relationships written before ``staleBefore``.
    func pass(update: WeightUpdate, dryRun: Bool = false, problemLimit: Int) -> WeightPass {
        WeightPass(
            update: update, now: now, staleBefore: staleBefore, dryRun: dryRun, collectsUsers: true,
            problemLimit: problemLimit)
    }

    /// What a correct pass leaves and counts, computed one relationship at a time in memory.
    func reference(for pass: WeightPass) -> (
        relationships: [Relationship], totals: WeightPassTotals, changedUsers: Set<String>, problems: [WeightProblem]
    ) {
        var totals = WeightPassTotals()
        var users = Set<String>()
        var problems: [WeightProblem] = []
        let updated = relationships.map { relationship -> Relationship in
            guard relationship.updatedAt < pass.staleBefore else { return relationship }
            let start = pass.windowStart(boostedThrough: relationship.boostedThrough, createdAt: relationship.createdAt)
            let counted = interactions.filter {
                $0.target == relationship.key.to && $0.occurredAt > start && $0.occurredAt <= pass.now
            }
            let tally = InteractionTally(count: counted.count, latest: counted.map(\.occurredAt).max())
            let evaluation = pass.evaluate(
                storedWeight: relationship.weight, updatedAt: relationship.updatedAt,
                boostedThrough: relationship.boostedThrough, lastInteractionAt: relationship.lastInteractionAt,
                tally: tally)
            totals.add(evaluation)
            if let problem = evaluation.outcome.problem {
                problems.append(
                    WeightProblem(key: relationship.key, storedWeight: relationship.weight, problem: problem))
            }
            guard evaluation.needsWrite else { return relationship }

            for end in [relationship.key.from, relationship.key.to] where end.label == .user {
                users.insert(end.id)
            }
            guard !pass.dryRun else { return relationship }
            totals.written += 1
            var written = relationship
            written.weight = evaluation.weight
            written.updatedAt = pass.now
            written.boostedThrough = evaluation.boostedThrough ?? relationship.boostedThrough
            written.lastInteractionAt = evaluation.lastInteractionAt ?? relationship.lastInteractionAt
            return written
        }
        return (updated, totals, users, problems)
    }
}
