import Foundation

/// A node's k-hop neighbourhood, bounded in size: what the cache job pre-warms for active users.
///
/// It grows one hop at a time (``expand(with:)``) in breadth-first order, so a host can fetch
/// the relationships of many neighbourhoods' frontiers in one store call. Within a hop, frontier
/// nodes are taken in key order and each node's relationships by weight, strongest first (ties
/// by key), so the strongest links survive when ``maximumNodes`` cuts the growth short. A
/// relationship is kept when both its ends are in the neighbourhood.
///
/// Complexity: per hop, O(R log R) for the R relationships handed in, or O(R) when they come
/// sorted in an ``Adjacency``; memory O(nodes + edges).
public struct Neighbourhood: Hashable, Sendable {
    /// The node the neighbourhood surrounds.
    public let center: NodeKey
    /// The most nodes kept, the centre included.
    public let maximumNodes: Int
    /// The nodes in discovery order, the centre first.
    public private(set) var nodes: [NodeKey]
    /// The relationships between kept nodes, by key.
    public private(set) var edges: [RelationshipKey: Relationship] = [:]
    /// How many hops have been expanded.
    public private(set) var hops = 0
    /// Whether a node was left out because of ``maximumNodes``.
    public private(set) var truncated = false
    /// The nodes discovered by the last hop; their relationships feed the next one.
    public private(set) var frontier: [NodeKey]

    private var members: Set<NodeKey>

    /// Starts a neighbourhood holding only `center`.
    public init(center: NodeKey, maximumNodes: Int) {
        self.center = center
        self.maximumNodes = max(1, maximumNodes)
        self.nodes = [center]
        self.frontier = [center]
        self.members = [center]
    }

    /// Expands by one hop, reading the frontier's relationships from `relationshipsByNode`
    /// (relationships indexed by each of their endpoints; other entries are ignored).
    ///
    /// Sorts each frontier node's relationships for this neighbourhood alone; to grow many
    /// neighbourhoods from one index, build an ``Adjacency`` once and pass that instead.
    public mutating func expand(with relationshipsByNode: [NodeKey: [Relationship]]) {
        expand { (relationshipsByNode[$0] ?? []).sorted(by: Self.isStronger) }
    }

    /// Expands by one hop, reading the frontier's relationships from `adjacency`, whose lists are
    /// already strongest first; the result is the one the unsorted index gives.
    public mutating func expand(with adjacency: Adjacency) {
        expand { adjacency.strongestFirst[$0] ?? [] }
    }

    private mutating func expand(strongestFirst: (NodeKey) -> [Relationship]) {
        var next: [NodeKey] = []
        for node in frontier.sorted() {
            for relationship in strongestFirst(node) {
                let other =
                    relationship.key.from == node ? relationship.key.to : relationship.key.from
                if !members.contains(other) {
                    guard members.count < maximumNodes else {
                        truncated = true
                        continue
                    }
                    members.insert(other)
                    nodes.append(other)
                    next.append(other)
                }
                edges[relationship.key] = relationship
            }
        }
        frontier = next
        hops += 1
    }

    fileprivate static func isStronger(_ lhs: Relationship, _ rhs: Relationship) -> Bool {
        let left = lhs.weight.isFinite ? lhs.weight : 0
        let right = rhs.weight.isFinite ? rhs.weight : 0
        return left != right ? left > right : lhs.key < rhs.key
    }
}

extension Neighbourhood {
    /// Relationships indexed by each of their endpoints, each node's list sorted strongest first
    /// (ties by key), as ``Neighbourhood/expand(with:)`` reads them.
    ///
    /// Growing many neighbourhoods from one hop's relationships, build one `Adjacency` and share
    /// it: each list is then sorted once, instead of once for every neighbourhood that reaches
    /// its node, which is what made hub nodes expensive.
    public struct Adjacency: Sendable {
        fileprivate let strongestFirst: [NodeKey: [Relationship]]

        /// Sorts each node's relationships in `relationshipsByNode`, strongest first.
        ///
        /// Complexity: O(R log R) for R relationships.
        public init(_ relationshipsByNode: [NodeKey: [Relationship]]) {
            strongestFirst = relationshipsByNode.mapValues { $0.sorted(by: Neighbourhood.isStronger) }
        }
    }
}
