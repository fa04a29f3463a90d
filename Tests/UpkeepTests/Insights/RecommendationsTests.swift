import Foundation
import Testing

@testable import Upkeep

@Suite struct RecommendationsTests {
    private let user = NodeKey(.user, 1)
    private let origin = Date(epochMilliseconds: 1_764_000_000_000)

    private func edge(
        _ type: RelationshipType,
        _ from: NodeKey,
        _ to: NodeKey,
        _ weight: Double
    ) -> Relationship {
        Relationship(
            key: RelationshipKey(type, from: from, to: to), weight: weight, createdAt: origin)
    }

    /// User:1 created Note:1 and follows Tag:a; the rest of the graph hangs off those two.
    private var graph: [Relationship] {
        let note1 = NodeKey(.note, 1)
        let note2 = NodeKey(.note, 2)
        let tagA = NodeKey(.tag, "a")
        return [
            edge(.created, user, note1, 1.0),
            edge(.interestedIn, user, tagA, 0.5),
            edge(.taggedWith, note1, NodeKey(.tag, "b"), 0.8),
            edge(.taggedWith, note1, tagA, 0.6),
            edge(.taggedWith, note2, tagA, 0.4),
            edge(.relatedTo, note1, note2, 0.5),
            edge(.taggedWith, NodeKey(.note, 3), tagA, 1.0),
            edge(.taggedWith, NodeKey(.note, 4), tagA, 1.0),
            edge(.interestedIn, NodeKey(.user, 2), note1, 0.3),
            edge(.created, NodeKey(.user, 3), note2, 1.0),
        ]
    }

    @Test func scoresSumWeightProductsOverEveryTwoHopPath() {
        let ranked = Recommendations.rank(for: user, relationships: graph, limit: 10)
        #expect(ranked.map(\.key.description) == ["Tag:b", "Note:2", "Note:3", "Note:4", "User:2"])
        let scores = ranked.map(\.score)
        let expected = [0.8, 0.5 * 0.4 + 1.0 * 0.5, 0.5, 0.5, 0.3]
        #expect(zip(scores, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(ranked.map(\.paths) == [1, 2, 1, 1, 1])
    }

    @Test func directNeighboursTheUserAndThreeHopNodesAreExcluded() {
        let keys = Set(Recommendations.rank(for: user, relationships: graph, limit: 10).map(\.key))
        #expect(!keys.contains(user))
        #expect(!keys.contains(NodeKey(.note, 1)))
        #expect(!keys.contains(NodeKey(.tag, "a")))
        #expect(!keys.contains(NodeKey(.user, 3)))
    }

    @Test func limitAndLabelsFilterWithTiesBrokenByKey() {
        let ranked = Recommendations.rank(
            for: user, relationships: graph.reversed(), candidateLabels: [.note], limit: 2)
        #expect(ranked.map(\.key) == [NodeKey(.note, 2), NodeKey(.note, 3)])
    }

    @Test func duplicatesCountOnceAndBadWeightsCountAsZero() {
        var relationships = graph + graph
        relationships.append(edge(.relatedTo, NodeKey(.note, 1), NodeKey(.note, 9), .nan))
        let ranked = Recommendations.rank(for: user, relationships: relationships, limit: 10)
        #expect(
            ranked.first { $0.key == NodeKey(.note, 2) }.map { abs($0.score - 0.7) < 1e-12 } == true
        )
        #expect(ranked.last?.key == NodeKey(.note, 9))
        #expect(ranked.last?.score == 0)
    }

    @Test func weakLinksCarryNoPathButStillExcludeTheirOtherEnd() {
        var relationships = graph
        relationships.append(edge(.interestedIn, user, NodeKey(.note, 3), 0.05))
        let ranked = Recommendations.rank(
            for: user, relationships: relationships, minimumWeight: 0.45, limit: 10)
        #expect(ranked.map(\.key.description) == ["Tag:b", "Note:2", "Note:4"])
        #expect(zip(ranked.map(\.score), [0.8, 0.5, 0.5]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func userWithoutRelationshipsGetsNothing() {
        #expect(
            Recommendations.rank(for: NodeKey(.user, 42), relationships: graph, limit: 10).isEmpty)
    }
}
