import Foundation
import Upkeep

extension SyntheticDataset {
    /// Yields the data set's relationships one at a time: derived edges, then random ones.
    ///
    /// Remembers the random pairs it has produced (8 bytes each) so none repeats.
    struct RelationshipStream {
        let items: ItemGenerator
        let target: Int
        private var itemIndex = 0
        private var pendingTags: [Relationship] = []
        private var produced = 0
        private var randomIndex = 0
        private var seenPairs: Set<UInt64> = []

        init(items: ItemGenerator, target: Int) {
            self.items = items
            self.target = target
        }

        mutating func next() -> Relationship? {
            if let tagged = pendingTags.popLast() { return counted(tagged) }
            while itemIndex < items.itemCount {
                let index = itemIndex
                itemIndex += 1
                if let created = derived(from: index) { return counted(created) }
            }
            guard produced < target else { return nil }
            guard let edge = randomEdge() else { return nil }
            return counted(edge)
        }

        private mutating func counted(_ relationship: Relationship) -> Relationship {
            produced += 1
            return relationship
        }

        /// The item's `CREATED` edge; its `TAGGED_WITH` edges wait in ``pendingTags``.
        private mutating func derived(from index: Int) -> Relationship? {
            let shape = items.itemShape(index)
            guard shape.status != .deleted else { return nil }
            let key = items.itemKey(index)
            var rng = items.random(.relationship, index)
            pendingTags = shape.tagIDs.reversed().map { tag in
                Relationship(
                    key: RelationshipKey(.taggedWith, from: key, to: NodeKey(.tag, tag)), weight: weight(&rng),
                    createdAt: shape.createdAt,
                    updatedAt: items.between(shape.createdAt, and: items.now, rng.nextUnit(), skew: 2))
            }
            return Relationship(
                key: RelationshipKey(.created, from: NodeKey(.user, shape.ownerID), to: key), weight: weight(&rng),
                createdAt: shape.createdAt,
                updatedAt: items.between(shape.createdAt, and: items.now, rng.nextUnit(), skew: 2))
        }

        private func weight(_ rng: inout SeededRandomNumberGenerator) -> Double {
            ((0.05 + 0.95 * rng.nextUnit()) * 1_000).rounded() / 1_000
        }

        /// A random `RELATED_TO` or `INTERESTED_IN` edge not produced before, or `nil` after 50
        /// failed draws.
        private mutating func randomEdge() -> Relationship? {
            for _ in 0..<50 {
                var rng = items.random(.relationship, items.itemCount + randomIndex)
                randomIndex += 1
                guard let key = randomKey(&rng) else { continue }
                let createdAt = items.ago(rng.nextUnit())
                return Relationship(
                    key: key, weight: weight(&rng), createdAt: createdAt,
                    updatedAt: items.between(createdAt, and: items.now, rng.nextUnit(), skew: 1))
            }
            return nil
        }

        private mutating func randomKey(_ rng: inout SeededRandomNumberGenerator) -> RelationshipKey? {
            if rng.nextUnit() < 0.7, items.itemCount > 1 {
                let from = Int(Double(items.itemCount) * rng.nextUnit())
                let to = Int(Double(items.itemCount) * pow(rng.nextUnit(), 2))
                let pair = UInt64(from) << 32 | UInt64(to)
                guard from != to, !items.isDeleted(from), !items.isDeleted(to), seenPairs.insert(pair).inserted
                else { return nil }
                return RelationshipKey(.relatedTo, from: items.itemKey(from), to: items.itemKey(to))
            }
            let user = Int(Double(items.counts.users) * rng.nextUnit())
            let tag = Int(Double(items.counts.tags) * pow(rng.nextUnit(), 1.5))
            let pair = 1 << 63 | UInt64(user) << 32 | UInt64(tag)
            guard seenPairs.insert(pair).inserted else { return nil }
            return RelationshipKey(
                .interestedIn, from: NodeKey(.user, Int64(user + 1)), to: NodeKey(.tag, Int64(tag + 1)))
        }
    }
}
