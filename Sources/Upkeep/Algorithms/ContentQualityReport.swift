import Foundation

/// A summary of content quality scores: count, mean, a ten-bucket histogram and the lowest-scoring
/// items, which is what the statistics job caches instead of one entry per item.
public struct ContentQualityReport: Hashable, Sendable, Codable {
    /// One scored item.
    public struct ScoredItem: Hashable, Sendable, Codable {
        /// The item's key in `Label:id` form.
        public var key: String
        /// Its score in `[0, 1]`.
        public var score: Double

        /// Creates a scored item.
        public init(key: String, score: Double) {
            self.key = key
            self.score = score
        }
    }

    /// When the scores were computed.
    public var generatedAt: Date
    /// How many items were scored.
    public var itemsScored: Int
    /// The mean score, 0 when nothing was scored.
    public var meanScore: Double
    /// Item counts per score bucket: bucket `i` holds scores in `[i/10, (i+1)/10)`, and the last
    /// bucket also holds 1.
    public var histogram: [Int]
    /// The lowest-scoring items, lowest first, ties by key.
    public var lowest: [ScoredItem]

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at"
        case itemsScored = "items_scored"
        case meanScore = "mean_score"
        case histogram
        case lowest
    }
}

// MARK: - Accumulation

extension ContentQualityReport {
    /// Builds a report from scores added one at a time, keeping only the `lowestCount` lowest
    /// items.
    ///
    /// Complexity: amortised O(log L) per score for L = `lowestCount`; memory O(L).
    public struct Accumulator: Sendable {
        private let lowestCount: Int
        private var count = 0
        private var sum = 0.0
        private var histogram = [Int](repeating: 0, count: 10)
        private var lowest: [ScoredItem] = []

        /// Starts an empty report that keeps the `lowestCount` lowest items.
        public init(lowestCount: Int) {
            self.lowestCount = max(0, lowestCount)
        }

        /// Adds one item's score; non-finite scores count as 0.
        public mutating func add(key: NodeKey, score: Double) {
            let clamped = score.isFinite ? min(1, max(0, score)) : 0
            count += 1
            sum += clamped
            histogram[min(9, Int(clamped * 10))] += 1

            guard lowestCount > 0 else { return }
            lowest.append(ScoredItem(key: key.description, score: clamped))
            if lowest.count >= 2 * lowestCount { trimLowest() }
        }

        /// The report of the scores added so far.
        public mutating func report(generatedAt: Date) -> ContentQualityReport {
            trimLowest()
            return ContentQualityReport(
                generatedAt: generatedAt,
                itemsScored: count,
                meanScore: count > 0 ? sum / Double(count) : 0,
                histogram: histogram,
                lowest: lowest)
        }

        private mutating func trimLowest() {
            lowest.sort { ($0.score, $0.key) < ($1.score, $1.key) }
            if lowest.count > lowestCount { lowest.removeLast(lowest.count - lowestCount) }
        }
    }
}
