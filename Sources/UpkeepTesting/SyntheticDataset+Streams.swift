import Foundation
import Upkeep

extension SyntheticDataset {
    // MARK: - Records

    /// Every record in batches: users, then tags, notes and events, each in id order.
    public func records(batchSize: Int = 1_000) -> some Sequence<[Record]> {
        let items = self.items
        let firstTag = counts.users
        let firstItem = firstTag + counts.tags
        return Self.batches(count: counts.records, batchSize: batchSize) { index in
            if index < firstTag { return items.user(index) }
            if index < firstItem { return items.tag(index - firstTag) }
            return items.item(index - firstItem)
        }
    }

    // MARK: - Graph

    /// Every relationship in batches, all between nodes of records that are not deleted.
    ///
    /// First each live item's `CREATED` edge from its owner and `TAGGED_WITH` edges to its tags,
    /// then random `RELATED_TO` (item to item, 70%) and `INTERESTED_IN` (user to tag, 30%) edges
    /// without repeats until ``Counts/relationships`` is reached. At a tiny scale with too few
    /// distinct pairs the random part may stop short after 50 draws per missing edge.
    public func relationships(batchSize: Int = 1_000) -> some Sequence<[Relationship]> {
        let size = max(1, batchSize)
        return sequence(state: RelationshipStream(items: items, target: counts.relationships)) { edges in
            var batch: [Relationship] = []
            batch.reserveCapacity(size)
            while batch.count < size, let edge = edges.next() { batch.append(edge) }
            return batch.isEmpty ? nil : batch
        }
    }

    /// Every interaction in batches: users skewed towards the first ids, targets towards a few
    /// hot items that are not deleted, times between the target's creation and `now`, skewed
    /// towards `now`; ids are `i<index>`.
    public func interactions(batchSize: Int = 1_000) -> some Sequence<[Interaction]> {
        let items = self.items
        let liveItems = items.itemCount
        return Self.batches(count: liveItems > 0 ? counts.interactions : 0, batchSize: batchSize) { index in
            var rng = items.random(.interaction, index)
            let user = 1 + Int64(Double(items.counts.users) * pow(rng.nextUnit(), 1.5))
            var target = Int(Double(liveItems) * pow(rng.nextUnit(), 3))
            var shape = items.itemShape(target)
            while shape.status == .deleted {
                target = (target + 1) % liveItems
                shape = items.itemShape(target)
            }

            let kindDraw = rng.nextUnit()
            return Interaction(
                id: "i\(index)", user: NodeKey(.user, min(user, Int64(items.counts.users))),
                target: items.itemKey(target), kind: kindDraw < 0.8 ? "view" : kindDraw < 0.95 ? "edit" : "share",
                occurredAt: items.between(shape.createdAt, and: items.now, rng.nextUnit(), skew: 0.5))
        }
    }

    // MARK: - Search log

    /// Every search query in batches, texts drawn from 500 phrases with a Zipf (s = 1)
    /// distribution, so a few are very frequent; times skewed towards `now`.
    public func searchQueries(batchSize: Int = 1_000) -> some Sequence<[SearchQuery]> {
        let items = self.items
        let zipf = ZipfTable(count: 500)
        return Self.batches(count: counts.searchQueries, batchSize: batchSize) { index in
            var rng = items.random(.searchQuery, index)
            let rank = zipf.rank(for: rng.nextUnit())
            let words = ItemGenerator.words
            let text = rank < words.count ? words[rank] : "\(words[rank % words.count]) \(rank / words.count)"
            let user = rng.nextUnit() < 0.1 ? nil : 1 + Int64(Double(items.counts.users) * rng.nextUnit())
            return SearchQuery(
                userID: user.map { min($0, Int64(items.counts.users)) }, text: text,
                occurredAt: items.ago(pow(rng.nextUnit(), 3)))
        }
    }
}

/// Cumulative Zipf weights, P(rank r) ∝ 1 / (r + 1), for sampling by binary search in O(log n).
struct ZipfTable {
    private let cumulative: [Double]

    init(count: Int) {
        var running = 0.0
        var cumulative: [Double] = []
        for rank in 0..<max(1, count) {
            running += 1 / Double(rank + 1)
            cumulative.append(running)
        }
        self.cumulative = cumulative.map { $0 / running }
    }

    /// The rank whose cumulative weight first reaches `unit` (a uniform draw in `[0, 1)`).
    func rank(for unit: Double) -> Int {
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] >= unit { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
