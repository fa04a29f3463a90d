import Foundation

/// The most frequent search queries of a stream, in memory bounded by a fixed number of counters.
///
/// This is Metwally, Agrawal and El Abbadi's Space-Saving algorithm with `capacity` counters
/// kept in an indexed min-heap. A query already counted increments its counter; a new query
/// takes a free counter, or else replaces the query with the smallest count `m`, starting at
/// `m + 1` with error `m`. With `N` queries added:
///
/// - every counted query's true frequency `f` satisfies `count − error ≤ f ≤ count`;
/// - every error is at most `N / capacity`, so any query with `f > N / capacity` is counted.
///
/// Queries are normalised first (``normalize(_:)``), so `" Swift  Jobs"` and `"swift jobs"` are
/// one query. Complexity: O(log capacity) per query, plus normalisation; memory O(capacity).
public struct HotQueries: Sendable {
    /// A counted query.
    public struct Entry: Hashable, Sendable, Codable {
        /// The normalised query text.
        public var text: String
        /// The estimated frequency, never below the true one.
        public var count: Int
        /// How much of ``count`` may be over-estimate.
        public var error: Int

        /// Creates an entry.
        public init(text: String, count: Int, error: Int) {
            self.text = text
            self.count = count
            self.error = error
        }

        /// A lower bound of the true frequency: `count − error`.
        public var guaranteedCount: Int { count - error }
    }

    /// How many counters are kept.
    public let capacity: Int
    /// The longest normalised query, in characters, that is counted; longer ones are skipped.
    public let maximumLength: Int
    /// How many queries have been counted.
    public private(set) var total = 0
    /// How many queries were skipped because they were blank or longer than ``maximumLength``.
    public private(set) var skipped = 0

    private var heap: [Entry] = []
    private var positions: [String: Int] = [:]

    /// Creates an empty summary with `capacity` counters (at least 1) that skips normalised
    /// queries longer than `maximumLength` characters.
    public init(capacity: Int, maximumLength: Int = 200) {
        self.capacity = max(1, capacity)
        self.maximumLength = max(1, maximumLength)
    }

    /// The largest possible over-estimate of any count: `total / capacity`, rounded down.
    public var errorBound: Int { total / capacity }

    /// Adds one query from the stream; returns `false`, and counts it as skipped, when it
    /// normalises to the empty string or to more than ``maximumLength`` characters.
    @discardableResult
    public mutating func add(_ text: String) -> Bool {
        let normalized = Self.normalize(text)
        guard !normalized.isEmpty, normalized.count <= maximumLength else {
            skipped += 1
            return false
        }
        total += 1

        if let position = positions[normalized] {
            heap[position].count += 1
            siftDown(from: position)
        } else if heap.count < capacity {
            heap.append(Entry(text: normalized, count: 1, error: 0))
            positions[normalized] = heap.count - 1
            siftUp(from: heap.count - 1)
        } else {
            replaceMinimum(with: normalized)
        }
        return true
    }

    /// The `k` entries with the highest counts, highest first, ties by text.
    ///
    /// Complexity: O(capacity log capacity).
    public func top(_ k: Int) -> [Entry] {
        let sorted = heap.sorted { $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text }
        return Array(sorted.prefix(max(0, k)))
    }

    /// The canonical form of a query: Unicode canonical composition, leading and trailing
    /// whitespace removed, lowercased, and every run of whitespace collapsed to one space.
    public static func normalize(_ text: String) -> String {
        let words = text.precomposedStringWithCanonicalMapping.lowercased().split {
            $0.isWhitespace
        }
        return words.joined(separator: " ")
    }
}

// MARK: - Indexed min-heap

extension HotQueries {
    private mutating func replaceMinimum(with text: String) {
        let minimum = heap[0]
        positions[minimum.text] = nil
        heap[0] = Entry(text: text, count: minimum.count + 1, error: minimum.count)
        positions[text] = 0
        siftDown(from: 0)
    }

    private static func isLess(_ lhs: Entry, _ rhs: Entry) -> Bool {
        lhs.count != rhs.count ? lhs.count < rhs.count : lhs.text < rhs.text
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.isLess(heap[child], heap[parent]) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, Self.isLess(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, Self.isLess(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            swapAt(parent, smallest)
            parent = smallest
        }
    }

    private mutating func swapAt(_ i: Int, _ j: Int) {
        heap.swapAt(i, j)
        positions[heap[i].text] = i
        positions[heap[j].text] = j
    }
}
