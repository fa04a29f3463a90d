import Foundation

/// Recommendations for a user from weighted two-hop neighbours they are not yet linked to.
///
/// Relationships are walked in either direction, since the graph stores `User -CREATED-> Note`
/// and `Note -TAGGED_WITH-> Tag`, and a directed walk would miss most paths. With `N(u)` the
/// nodes linked to the user `u` and `w` a relationship's weight:
///
///     score(c) = Σ over paths u — x — c of w(u, x) · w(x, c),   x ∈ N(u),
///
/// summed over every relationship on each hop, so two relationships between the same nodes are
/// two paths. Relationships weaker than a minimum weight carry no path, yet a node the user is
/// linked to at all, however weakly, is never a candidate, nor is `u` itself. Weights that are
/// NaN, infinite or outside `[0, 1]` are sanitised to 0 or clamped. The result is the top `limit` by
/// score, ties broken by key, and sums run in relationship key order so scores are reproducible
/// to the last bit.
///
/// Complexity: O(R log R + C log C) for R relationships and C candidates; memory O(R).
public enum Recommendations {
    /// One recommended node.
    public struct Candidate: Hashable, Sendable, Codable {
        /// The node recommended.
        public var key: NodeKey
        /// Its score: the sum of path weight products.
        public var score: Double
        /// How many two-hop paths lead to it.
        public var paths: Int

        /// Creates a candidate.
        public init(key: NodeKey, score: Double, paths: Int) {
            self.key = key
            self.score = score
            self.paths = paths
        }
    }

    /// The top `limit` candidates for `user`.
    ///
    /// - Parameters:
    ///   - user: The user to recommend for.
    ///   - relationships: The relationships touching the user and those touching the user's
    ///     neighbours; others are ignored, and duplicates count once.
    ///   - candidateLabels: Labels a candidate may have; `nil` allows every label.
    ///   - minimumWeight: Relationships with a (sanitised) weight below this carry no path.
    ///   - limit: The most candidates to return.
    public static func rank(
        for user: NodeKey,
        relationships: [Relationship],
        candidateLabels: Set<NodeLabel>? = nil,
        minimumWeight: Double = 0,
        limit: Int
    ) -> [Candidate] {
        let edges = uniqueSorted(relationships)
        let (linked, firstHop) = neighbours(of: user, edges: edges, minimumWeight: minimumWeight)
        var scores: [NodeKey: (score: Double, paths: Int)] = [:]
        for edge in edges where sanitised(edge.weight) >= minimumWeight {
            let weight = sanitised(edge.weight)
            let ends = [(edge.key.from, edge.key.to), (edge.key.to, edge.key.from)]
            for (middle, candidate) in ends {
                guard let first = firstHop[middle], candidate != user, !linked.contains(candidate),
                    candidateLabels?.contains(candidate.label) ?? true
                else { continue }
                scores[candidate, default: (0, 0)].score += first.weight * weight
                scores[candidate, default: (0, 0)].paths += first.paths
            }
        }

        let ranked = scores.map {
            Candidate(key: $0.key, score: $0.value.score, paths: $0.value.paths)
        }
        return Array(ranked.sorted(by: isRankedBefore).prefix(max(0, limit)))
    }

    /// Whether `lhs` ranks above `rhs`: higher score first, then smaller key.
    static func isRankedBefore(_ lhs: Candidate, _ rhs: Candidate) -> Bool {
        lhs.score != rhs.score ? lhs.score > rhs.score : lhs.key < rhs.key
    }

    /// Every node linked to `user`, and for the links at least `minimumWeight` strong, the
    /// summed weight and number of relationships joining `user` to each neighbour.
    private static func neighbours(
        of user: NodeKey,
        edges: [Relationship],
        minimumWeight: Double
    ) -> (linked: Set<NodeKey>, firstHop: [NodeKey: FirstHop]) {
        var linked: Set<NodeKey> = []
        var firstHop: [NodeKey: FirstHop] = [:]
        for edge in edges where edge.key.from == user || edge.key.to == user {
            let other = edge.key.from == user ? edge.key.to : edge.key.from
            guard other != user else { continue }
            linked.insert(other)

            let weight = sanitised(edge.weight)
            if weight >= minimumWeight { firstHop[other, default: FirstHop()].add(weight) }
        }
        return (linked, firstHop)
    }

    /// The relationships in key order, each key once; each key's text is built once, not per
    /// comparison.
    private static func uniqueSorted(_ relationships: [Relationship]) -> [Relationship] {
        var byText: [String: Relationship] = [:]
        for relationship in relationships { byText[relationship.key.description] = relationship }
        return byText.keys.sorted().compactMap { byText[$0] }
    }

    private static func sanitised(_ weight: Double) -> Double {
        weight.isFinite ? min(1, max(0, weight)) : 0
    }

    /// The relationships between a user and one neighbour.
    private struct FirstHop {
        var weight = 0.0
        var paths = 0

        mutating func add(_ edgeWeight: Double) {
            weight += edgeWeight
            paths += 1
        }
    }
}
