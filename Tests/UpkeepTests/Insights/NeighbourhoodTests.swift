import Foundation
import Testing

@testable import Upkeep

@Suite struct NeighbourhoodTests {
    private let origin = Date(epochMilliseconds: 1_764_000_000_000)

    private func index(_ relationships: [Relationship]) -> [NodeKey: [Relationship]] {
        var result: [NodeKey: [Relationship]] = [:]
        for relationship in relationships {
            result[relationship.key.from, default: []].append(relationship)
            result[relationship.key.to, default: []].append(relationship)
        }
        return result
    }

    private func edge(_ from: NodeKey, _ to: NodeKey, _ weight: Double) -> Relationship {
        Relationship(
            key: RelationshipKey(.relatedTo, from: from, to: to), weight: weight, createdAt: origin)
    }

    @Test func growsBreadthFirstOneHopAtATime() {
        let user = NodeKey(.user, 1)
        let graph = index([
            edge(user, NodeKey(.note, 1), 0.9), edge(NodeKey(.note, 1), NodeKey(.tag, 1), 0.5),
            edge(NodeKey(.tag, 1), NodeKey(.note, 2), 0.5),
        ])
        var neighbourhood = Neighbourhood(center: user, maximumNodes: 10)
        neighbourhood.expand(with: graph)
        #expect(neighbourhood.nodes == [user, NodeKey(.note, 1)])
        neighbourhood.expand(with: graph)
        #expect(neighbourhood.nodes == [user, NodeKey(.note, 1), NodeKey(.tag, 1)])
        #expect(neighbourhood.edges.count == 2)
        #expect(neighbourhood.hops == 2)
        #expect(!neighbourhood.truncated)
    }

    @Test func keepsTheStrongestLinksWhenTheNodeLimitCutsIn() {
        let user = NodeKey(.user, 1)
        let graph = index((1...5).map { edge(user, NodeKey(.note, Int64($0)), Double($0) / 10) })
        var neighbourhood = Neighbourhood(center: user, maximumNodes: 3)
        neighbourhood.expand(with: graph)
        #expect(neighbourhood.nodes == [user, NodeKey(.note, 5), NodeKey(.note, 4)])
        #expect(neighbourhood.truncated)
        #expect(Set(neighbourhood.edges.keys.map(\.to)) == [NodeKey(.note, 5), NodeKey(.note, 4)])
    }

    @Test func aSharedAdjacencyGrowsEveryNeighbourhoodAsItsOwnIndexWould() {
        var generator = SeededRandomNumberGenerator(seed: 42)
        let nodes = (0..<40).map { NodeKey($0 < 5 ? .user : .note, Int64($0)) }
        var relationships: [RelationshipKey: Relationship] = [:]
        for _ in 0..<200 {
            let from = nodes[Int.random(in: 0..<nodes.count, using: &generator)]
            let to = nodes[Int.random(in: 0..<nodes.count, using: &generator)]
            guard from != to else { continue }
            let weight = [0.2, 0.5, 0.5, .infinity, 0.9][Int.random(in: 0..<5, using: &generator)]
            relationships[RelationshipKey(.relatedTo, from: from, to: to)] = edge(from, to, weight)
        }
        let graph = index(Array(relationships.values).shuffled(using: &generator))
        let adjacency = Neighbourhood.Adjacency(graph)

        for center in nodes.prefix(5) {
            var own = Neighbourhood(center: center, maximumNodes: 12)
            var shared = own
            for _ in 0..<3 {
                own.expand(with: graph)
                shared.expand(with: adjacency)
            }
            #expect(shared == own)
            #expect(own.nodes.count > 1)
        }
    }
}
