import Foundation
import Testing
import Upkeep

@Suite("Cleanup policy")
struct CleanupPolicyTests {
    private let now = Date(epochMilliseconds: 1_767_225_600_000)
    private let day: TimeInterval = 86_400

    @Test func defaultsAreTheSeedThresholds() {
        let policy = CleanupPolicy.standard

        #expect(policy.archiveAfterDays == 365)
        #expect(policy.pruneAfterDays == 365)
        #expect(policy.weakWeightBelow == 0.1)
        #expect(policy.archiveKinds == [.note])
        #expect(policy.orphanLabels == [.note, .event, .tag])
    }

    @Test func cutoffsCountWholeDaysBackFromNow() throws {
        let policy = try CleanupPolicy(archiveAfterDays: 30, pruneAfterDays: 7)

        #expect(policy.archiveCutoff(now: now) == now.addingTimeInterval(-30 * day))
        #expect(policy.pruneCutoff(now: now) == now.addingTimeInterval(-7 * day))
    }

    @Test func archiveCandidatesAreActiveUnstarredNotesOlderThanTheThreshold() {
        let policy = CleanupPolicy.standard
        let cutoff = policy.archiveCutoff(now: now)
        let old = cutoff.addingTimeInterval(-0.001)

        #expect(policy.isArchiveCandidate(note(createdAt: old), now: now))
        #expect(!policy.isArchiveCandidate(note(createdAt: cutoff), now: now))
        #expect(!policy.isArchiveCandidate(note(createdAt: old, starred: true), now: now))
        #expect(!policy.isArchiveCandidate(note(createdAt: old, status: .archived), now: now))
        #expect(!policy.isArchiveCandidate(note(createdAt: old, status: .deleted), now: now))
        #expect(!policy.isArchiveCandidate(Record(kind: .event, id: 1, createdAt: old), now: now))
    }

    @Test func orphansAreUnlinkedItemNodesCreatedBeforeTheCutoff() {
        let policy = CleanupPolicy.standard
        let cutoff = policy.pruneCutoff(now: now)
        let old = cutoff.addingTimeInterval(-0.001)

        #expect(policy.isOrphan(Node(key: NodeKey(.tag, 1), createdAt: old), relationshipCount: 0, now: now))
        #expect(policy.isOrphan(Node(key: NodeKey(.event, 1), createdAt: old), relationshipCount: 0, now: now))
        #expect(!policy.isOrphan(Node(key: NodeKey(.note, 1), createdAt: cutoff), relationshipCount: 0, now: now))
        #expect(!policy.isOrphan(Node(key: NodeKey(.note, 1), createdAt: old), relationshipCount: 1, now: now))
        #expect(!policy.isOrphan(Node(key: NodeKey(.user, 1), createdAt: old), relationshipCount: 0, now: now))
    }

    @Test func weakEdgesAreLightAndInactiveSinceTheCutoff() {
        let policy = CleanupPolicy.standard
        let cutoff = policy.pruneCutoff(now: now)
        let old = cutoff.addingTimeInterval(-0.001)

        #expect(policy.isWeak(edge(weight: 0.099, createdAt: old), now: now))
        #expect(!policy.isWeak(edge(weight: 0.1, createdAt: old), now: now))
        #expect(!policy.isWeak(edge(weight: 0.05, createdAt: cutoff), now: now))
        #expect(!policy.isWeak(edge(weight: .nan, createdAt: old), now: now))
    }

    @Test func aRecentWeightWriteDoesNotKeepAnUnusedEdgeAlive() {
        let policy = CleanupPolicy.standard
        let old = policy.pruneCutoff(now: now).addingTimeInterval(-86_400)

        var decayedToday = edge(weight: 0.05, createdAt: old)
        decayedToday.updatedAt = now
        #expect(policy.isWeak(decayedToday, now: now), "decay rewrote the weight, nobody used the edge")

        var usedRecently = decayedToday
        usedRecently.lastInteractionAt = now.addingTimeInterval(-3_600)
        #expect(!policy.isWeak(usedRecently, now: now), "a recent interaction keeps it")
    }

    @Test func invalidThresholdsAreRejected() {
        #expect(throws: ParameterError.self) { try CleanupPolicy(archiveAfterDays: 0) }
        #expect(throws: ParameterError.self) { try CleanupPolicy(pruneAfterDays: -3) }
        #expect(throws: ParameterError.self) { try CleanupPolicy(weakWeightBelow: 1.5) }
    }

    private func note(createdAt: Date, starred: Bool = false, status: RecordStatus = .active) -> Record {
        Record(kind: .note, id: 1, ownerID: 1, status: status, isStarred: starred, createdAt: createdAt)
    }

    private func edge(weight: Double, createdAt: Date) -> Relationship {
        let key = RelationshipKey(.relatedTo, from: NodeKey(.note, 1), to: NodeKey(.note, 2))
        return Relationship(key: key, weight: weight, createdAt: createdAt, updatedAt: createdAt)
    }
}
