import Foundation
import Testing

@testable import Upkeep

@Suite struct SyncPlannerTests {
    private let planner = SyncPlanner()

    @Test func liveRowBecomesNodeWithStatusOwnerStarredAndTheRowsTimes() {
        var row = SyncFixtures.note(5, owner: 7, at: 90)
        row.isStarred = true
        row.fields[Node.Property.placeholder] = .bool(true)
        row.fields[Node.Property.status] = .string("forged")

        let node = planner.node(for: row)

        #expect(node.key == NodeKey(.note, 5))
        #expect(node.properties[Node.Property.title] == .string("note 5"))
        #expect(node.properties[Node.Property.status] == .string("active"))
        #expect(node.properties[Node.Property.owner] == .string("User:7"))
        #expect(node.properties[SyncPlanner.starredProperty] == .bool(true))
        #expect(node.properties[Node.Property.placeholder] == nil)
        #expect(node.createdAt == row.createdAt)
        #expect(node.updatedAt == row.updatedAt)
    }

    @Test func noteWhoseOwnerAndTagAreMissingGetsPlaceholdersAndItsEdges() {
        let row = SyncFixtures.note(5, owner: 7, tags: [3], at: 60)

        let plan = planner.plan([row], facts: SyncPlanner.Facts())

        let placeholders = plan.batch.upsertNodes.filter { $0.properties[Node.Property.placeholder] == .bool(true) }
        #expect(placeholders.map(\.key) == [NodeKey(.user, 7), NodeKey(.tag, 3)])
        #expect(placeholders.allSatisfy { $0.updatedAt == row.updatedAt })
        #expect(
            plan.batch.upsertRelationships.map(\.key) == [
                RelationshipKey(.created, from: NodeKey(.user, 7), to: NodeKey(.note, 5)),
                RelationshipKey(.taggedWith, from: NodeKey(.note, 5), to: NodeKey(.tag, 3)),
            ])
        #expect(plan.batch.upsertRelationships.allSatisfy { $0.weight == 1 })
        #expect(plan.summary.placeholdersCreated == 2)
        #expect(plan.summary.edgesCreated == 2)
        #expect(plan.summary.nodesUpserted == 1)
    }

    @Test func existingEndpointIsNeverReplacedByAPlaceholder() {
        let row = SyncFixtures.note(5, owner: 7, tags: [3])
        let facts = SyncPlanner.Facts(existingKeys: [NodeKey(.user, 7), NodeKey(.tag, 3)])

        let plan = planner.plan([row], facts: facts)

        #expect(plan.batch.upsertNodes.map(\.key) == [NodeKey(.note, 5)])
        #expect(plan.summary.placeholdersCreated == 0)
        #expect(plan.batch.upsertRelationships.count == 2)
    }

    @Test func endpointUpsertedInTheSamePageGetsNoPlaceholder() {
        let rows = [SyncFixtures.user(7), SyncFixtures.note(5, owner: 7), SyncFixtures.note(6, owner: 8, at: 5)]

        let plan = planner.plan(rows, facts: SyncPlanner.Facts())

        let placeholderKeys = plan.batch.upsertNodes
            .filter { $0.properties[Node.Property.placeholder] != nil }
            .map(\.key)
        #expect(placeholderKeys == [NodeKey(.user, 8)])
    }

    @Test func placeholderTakesTheEarliestTimeOfTheRowsThatNeedIt() {
        let rows = [SyncFixtures.note(5, owner: 7, at: 50), SyncFixtures.event(9, owner: 7, at: 20)]

        let plan = planner.plan(rows, facts: SyncPlanner.Facts())

        let placeholder = plan.batch.upsertNodes.first { $0.key == NodeKey(.user, 7) }
        #expect(placeholder?.createdAt == SyncFixtures.time(20))
        #expect(plan.summary.placeholdersCreated == 1)
    }

    @Test func ownerAndTagChangesRemoveOnlyTheEdgesThatNoLongerHold() {
        let item = NodeKey(.note, 5)
        let old = [
            RelationshipKey(.created, from: NodeKey(.user, 1), to: item),
            RelationshipKey(.taggedWith, from: item, to: NodeKey(.tag, 1)),
            RelationshipKey(.taggedWith, from: item, to: NodeKey(.tag, 2)),
            RelationshipKey(.relatedTo, from: item, to: NodeKey(.note, 6)),
            RelationshipKey(.interestedIn, from: NodeKey(.user, 1), to: item),
        ].map { Relationship(key: $0, createdAt: SyncFixtures.time(0)) }
        let facts = SyncPlanner.Facts(
            existingKeys: [NodeKey(.user, 1), NodeKey(.user, 2), NodeKey(.tag, 1), NodeKey(.tag, 2), NodeKey(.tag, 3)],
            relationships: old)

        let plan = planner.plan([SyncFixtures.note(5, owner: 2, tags: [2, 3], at: 10)], facts: facts)

        #expect(
            plan.batch.deleteRelationships == [
                RelationshipKey(.created, from: NodeKey(.user, 1), to: item),
                RelationshipKey(.taggedWith, from: item, to: NodeKey(.tag, 1)),
            ])
        #expect(
            plan.batch.upsertRelationships.map(\.key) == [
                RelationshipKey(.created, from: NodeKey(.user, 2), to: item),
                RelationshipKey(.taggedWith, from: item, to: NodeKey(.tag, 3)),
            ])
        #expect(plan.summary.edgesRemoved == 2)
        #expect(plan.summary.edgesCreated == 2)
    }

    @Test func archivedRowKeepsItsNodeWithArchivedStatusAndItsEdges() {
        let row = SyncFixtures.note(5, owner: 7, at: 10, status: .archived)

        let plan = planner.plan([row], facts: SyncPlanner.Facts(existingKeys: [NodeKey(.user, 7)]))

        #expect(plan.batch.upsertNodes.first?.properties[Node.Property.status] == .string("archived"))
        #expect(plan.batch.deleteNodes.isEmpty)
        #expect(plan.batch.upsertRelationships.count == 1)
        #expect(plan.summary.nodesArchived == 1)
        #expect(plan.summary.nodesUpserted == 1)
    }

    @Test func deletedRowDeletesItsNodeOnlyWhenItExists() {
        let rows = [
            SyncFixtures.note(5, owner: 7, status: .deleted),
            SyncFixtures.note(6, owner: 7, status: .deleted),
        ]

        let plan = planner.plan(rows, facts: SyncPlanner.Facts(existingKeys: [NodeKey(.note, 5)]))

        #expect(plan.batch.deleteNodes == [NodeKey(.note, 5)])
        #expect(plan.batch.upsertNodes.isEmpty)
        #expect(plan.batch.upsertRelationships.isEmpty)
        #expect(plan.summary.nodesDeleted == 1)
        #expect(planner.lookupKeys(for: rows) == [NodeKey(.note, 5), NodeKey(.note, 6)])
        #expect(planner.linkedItems(in: rows).isEmpty)
    }

    @Test func ownerDeletedInTheSamePageGetsNeitherEdgeNorPlaceholder() {
        let rows = [SyncFixtures.user(7, status: .deleted), SyncFixtures.note(5, owner: 7)]

        let plan = planner.plan(rows, facts: SyncPlanner.Facts(existingKeys: [NodeKey(.user, 7)]))

        #expect(plan.batch.deleteNodes == [NodeKey(.user, 7)])
        #expect(plan.batch.upsertNodes.map(\.key) == [NodeKey(.note, 5)])
        #expect(plan.batch.upsertRelationships.isEmpty)
    }

    @Test func endpointWhoseRowIsDeletedGetsNeitherPlaceholderNorEdge() {
        let rows = [SyncFixtures.note(5, owner: 7, tags: [3, 4]), SyncFixtures.user(8)]
        let facts = SyncPlanner.Facts(deletedEndpoints: [NodeKey(.user, 7), NodeKey(.tag, 3)])

        let plan = planner.plan(rows, facts: facts)

        #expect(
            planner.missingEndpoints(in: rows, existingKeys: [NodeKey(.tag, 4)]) == [
                NodeKey(.tag, 3), NodeKey(.user, 7),
            ])
        #expect(
            plan.batch.upsertRelationships.map(\.key) == [
                RelationshipKey(.taggedWith, from: NodeKey(.note, 5), to: NodeKey(.tag, 4))
            ])
        #expect(plan.batch.upsertNodes.map(\.key) == [NodeKey(.note, 5), NodeKey(.user, 8), NodeKey(.tag, 4)])
        #expect(plan.summary.placeholdersCreated == 1)
    }

    @Test func repeatedTagsLinkOnce() {
        let row = SyncFixtures.note(5, owner: 7, tags: [3, 3, 4, 3])

        #expect(
            planner.edges(for: row).map(\.key.to) == [
                NodeKey(.note, 5), NodeKey(.tag, 3), NodeKey(.tag, 4),
            ])
        #expect(planner.lookupKeys(for: [row]) == [NodeKey(.tag, 3), NodeKey(.tag, 4), NodeKey(.user, 7)])
        #expect(planner.linkedItems(in: [row]) == [NodeKey(.note, 5)])
    }

    @Test func planningAPageAgainstItsOwnResultOnlyRewritesTheSameNodes() {
        let rows = [SyncFixtures.note(5, owner: 7, tags: [3]), SyncFixtures.event(9, owner: 8, at: 4)]
        let first = planner.plan(rows, facts: SyncPlanner.Facts())
        let after = SyncPlanner.Facts(
            existingKeys: Set(first.batch.upsertNodes.map(\.key)),
            relationships: first.batch.upsertRelationships)

        let second = planner.plan(rows, facts: after)

        #expect(
            second.batch.upsertNodes
                == first.batch.upsertNodes.filter { $0.properties[Node.Property.placeholder] == nil })
        #expect(second.batch.upsertRelationships.isEmpty)
        #expect(second.batch.deleteRelationships.isEmpty)
        #expect(second.batch.deleteNodes.isEmpty)
        #expect(second.summary.placeholdersCreated == 0)
    }
}
