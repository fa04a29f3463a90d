extension ConsistencyCheck {
    /// One run's share of a rotating consistency check over a kind's id space.
    ///
    /// The source's id bounds `[lower, upper]` are cut into consecutive slices of at most
    /// `size` ids, checked one per run in ascending order. The first slice of a cycle reaches
    /// down to `Int64.min` and the last up to `Int64.max`, so graph nodes with ids the source
    /// never had are found once per cycle too, and the cycle as a whole covers every `Int64`
    /// exactly once. A table of `n = upper − lower + 1` ids takes `⌈n / size⌉` runs per cycle,
    /// and a run's check costs the rows in its slice, O(size), whatever the table's size.
    public struct Slice: Hashable, Sendable {
        /// The ranges to check, disjoint, contiguous and ascending: the slice cut at the source's
        /// bounds, as ``ConsistencyCheck/partition(around:)`` cuts the whole id space.
        public var ranges: [ClosedRange<Int64>]
        /// Where the next run's slice starts; `Int64.min` when this slice ends a cycle.
        public var next: Int64
        /// How many ids within the source's bounds the slice covers.
        public var idsWithinBounds: UInt64
        /// Whether this slice is the last of a cycle (it reaches `Int64.max`).
        public var endsCycle: Bool

        /// Creates a slice.
        public init(ranges: [ClosedRange<Int64>], next: Int64, idsWithinBounds: UInt64, endsCycle: Bool) {
            self.ranges = ranges
            self.next = next
            self.idsWithinBounds = idsWithinBounds
            self.endsCycle = endsCycle
        }
    }

    /// The whole id space cut at the source's bounds: below them, the bounds, above them. Only
    /// graph-only extra nodes can be outside the bounds. The whole `Int64` range when the source
    /// has no rows.
    public static func partition(around bounds: ClosedRange<Int64>?) -> [ClosedRange<Int64>] {
        guard let bounds else { return [Int64.min...Int64.max] }
        var ranges: [ClosedRange<Int64>] = []
        if bounds.lowerBound > .min { ranges.append(.min...(bounds.lowerBound - 1)) }
        ranges.append(bounds)
        if bounds.upperBound < .max { ranges.append((bounds.upperBound + 1)...(.max)) }
        return ranges
    }

    /// The slice a run checks, given the source's id bounds and where the previous run stopped.
    ///
    /// A `start` outside `bounds` (the first run, the end of a cycle, or a table that shrank)
    /// starts a new cycle at the lower bound. O(1); never overflows.
    ///
    /// - Parameters:
    ///   - bounds: The source's smallest and largest id of the kind, `nil` when it has none.
    ///   - start: The ``Slice/next`` of the previous run, `nil` before the first.
    ///   - size: The most ids within the bounds a slice covers; at least 1.
    public static func slice(bounds: ClosedRange<Int64>?, from start: Int64?, size: Int) -> Slice {
        guard let bounds else {
            return Slice(ranges: [Int64.min...Int64.max], next: .min, idsWithinBounds: 0, endsCycle: true)
        }
        let first = start.flatMap { bounds.contains($0) ? $0 : nil } ?? bounds.lowerBound
        let (end, overflow) = first.addingReportingOverflow(Int64(max(1, size)) - 1)
        let last = overflow ? bounds.upperBound : min(end, bounds.upperBound)

        let endsCycle = last == bounds.upperBound
        let window = (first == bounds.lowerBound ? Int64.min : first)...(endsCycle ? Int64.max : last)
        let ranges = partition(around: bounds)
            .filter { $0.overlaps(window) }
            .map { $0.clamped(to: window) }
        return Slice(
            ranges: ranges, next: endsCycle ? .min : last + 1,
            idsWithinBounds: width(of: first...last), endsCycle: endsCycle)
    }
}
