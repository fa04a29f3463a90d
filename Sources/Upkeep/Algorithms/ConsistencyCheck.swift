/// Finds where two copies of a keyed data set disagree by bisecting their digests.
///
/// Both sides answer the same question, a ``ConsistencyDigest`` (count and order-independent
/// checksum of `(id, updatedAt)`) over an id range. Ranges whose digests are equal are skipped;
/// an unequal range is split in two until it holds at most ``leafSize`` ids, and those leaves are
/// what a caller compares row by row to name the drifted ids.
///
/// Digests are additive over disjoint ranges, so only the left half of a split is asked for; the
/// right half's digest is the parent's minus the left's. With `d` drifted rows, a first partition
/// into `k` ranges and `n` ids in the widest range holding a drift, this costs at most
/// `2 + 2·(k − 1) + 2·d·⌈log₂(n / leafSize)⌉` digest calls (two for the whole, two per extra part
/// of the first split, then one per side and level on each drifted row's path): `O(d · log n)`
/// instead of the `O(n)` rows a full comparison reads, and just two calls when the sides agree.
/// A derived digest can be wrong only if a side changes during the check; that costs extra calls
/// but never a false report, since the row comparison has the final say.
///
/// The check is generic over its digest providers, so tests drive it with closures and the sync
/// job with the record and graph stores.
public struct ConsistencyCheck: Hashable, Sendable {
    /// A side's digest of the rows whose id is in a range.
    public typealias DigestProvider = @Sendable (ClosedRange<Int64>) async throws -> ConsistencyDigest

    /// The widest range, in ids, that is handed back as a leaf rather than split further.
    public var leafSize: Int
    /// How many leaves to collect before giving up; a larger drift is reported as truncated.
    public var maximumLeaves: Int

    /// Creates a check.
    ///
    /// - Parameters:
    ///   - leafSize: Ranges of at most this many ids are leaves; at least 1.
    ///   - maximumLeaves: The most leaves to collect; at least 1. Drift beyond
    ///     `leafSize × maximumLeaves` rows is better repaired by a full resync.
    public init(leafSize: Int = 32, maximumLeaves: Int = 256) {
        self.leafSize = max(1, leafSize)
        self.maximumLeaves = max(1, maximumLeaves)
    }

    /// The leaves of `ranges` where `source` and `replica` disagree.
    ///
    /// When `ranges` are contiguous, their union is probed first and they serve as its first
    /// split, so two sides that agree cost two digest calls whatever the partition; otherwise each
    /// range is probed on its own.
    ///
    /// - Parameters:
    ///   - ranges: Disjoint id ranges to check, in ascending order.
    ///   - source: The side that is right, such as the record store.
    ///   - replica: The side that may have drifted, such as the graph.
    /// - Returns: The mismatched leaves in ascending id order, and how many digests were asked.
    /// - Throws: Whatever a digest provider throws.
    public func mismatches(
        in ranges: [ClosedRange<Int64>],
        source: DigestProvider,
        replica: DigestProvider
    ) async throws -> Outcome {
        var outcome = Outcome()
        func probe(_ range: ClosedRange<Int64>) async throws -> Probe {
            outcome.digestCalls += 2
            return try await Probe(range: range, source: source(range), replica: replica(range))
        }

        var pending: [Probe] = []
        if ranges.count > 1, let union = Self.union(ofContiguous: ranges) {
            let whole = try await probe(union)
            if whole.differs { pending = try await Self.split(whole, into: ranges, probe: probe) }
        } else {
            for range in ranges {
                let part = try await probe(range)
                if part.differs { pending.append(part) }
            }
        }

        pending.reverse()
        while let current = pending.popLast() {
            if Self.width(of: current.range) <= UInt64(leafSize) {
                outcome.leaves.append(current.range)
                if outcome.leaves.count >= maximumLeaves, !pending.isEmpty {
                    outcome.isTruncated = true
                    break
                }
                continue
            }

            let (left, right) = Self.halves(of: current.range)
            let children = try await Self.split(current, into: [left, right], probe: probe)
            pending.append(contentsOf: children.reversed())
        }
        return outcome
    }

    /// The parts of `parent` whose digests differ, probing every part but the last; the last
    /// part's digests are the parent's minus the others'.
    private static func split(
        _ parent: Probe,
        into parts: [ClosedRange<Int64>],
        probe: (ClosedRange<Int64>) async throws -> Probe
    ) async throws -> [Probe] {
        var children: [Probe] = []
        var rest = parent
        for part in parts.dropLast() {
            let child = try await probe(part)
            rest = rest.removing(child)
            children.append(child)
        }
        if let last = parts.last {
            children.append(Probe(range: last, source: rest.source, replica: rest.replica))
        }
        return children.filter(\.differs)
    }

    // MARK: - Ranges

    /// How many ids `range` holds, saturating at `UInt64.max` for the full `Int64` range.
    static func width(of range: ClosedRange<Int64>) -> UInt64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        return span == .max ? .max : span + 1
    }

    /// The union of ranges that follow each other without a gap, or `nil` when there is a gap.
    static func union(ofContiguous ranges: [ClosedRange<Int64>]) -> ClosedRange<Int64>? {
        guard let first = ranges.first, let last = ranges.last else { return nil }
        for (previous, next) in zip(ranges, ranges.dropFirst()) {
            let adjacent = previous.upperBound < .max && next.lowerBound == previous.upperBound + 1
            guard adjacent else { return nil }
        }
        return first.lowerBound...last.upperBound
    }

    /// Splits a range of at least two ids into a lower and an upper half; never overflows.
    static func halves(of range: ClosedRange<Int64>) -> (ClosedRange<Int64>, ClosedRange<Int64>) {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        let middle = range.lowerBound &+ Int64(bitPattern: span / 2)
        return (range.lowerBound...middle, (middle + 1)...range.upperBound)
    }
}

extension ConsistencyCheck {
    /// What a check found.
    public struct Outcome: Hashable, Sendable {
        /// Ranges of at most ``ConsistencyCheck/leafSize`` ids whose digests differ, ascending.
        public var leaves: [ClosedRange<Int64>] = []
        /// How many digests were asked of the two sides together.
        public var digestCalls = 0
        /// Whether the check stopped at ``ConsistencyCheck/maximumLeaves`` with ranges left.
        public var isTruncated = false

        /// Creates an empty outcome.
        public init() {}
    }

    /// A range with both sides' digests.
    struct Probe {
        var range: ClosedRange<Int64>
        var source: ConsistencyDigest
        var replica: ConsistencyDigest

        var differs: Bool { source != replica }

        /// This probe's digests less those of `part`, a sub-range; the range is left as it is.
        func removing(_ part: Probe) -> Probe {
            Probe(
                range: range,
                source: Self.difference(source, part.source),
                replica: Self.difference(replica, part.replica)
            )
        }

        private static func difference(
            _ whole: ConsistencyDigest,
            _ part: ConsistencyDigest
        ) -> ConsistencyDigest {
            ConsistencyDigest(count: whole.count - part.count, checksum: whole.checksum &- part.checksum)
        }
    }
}
