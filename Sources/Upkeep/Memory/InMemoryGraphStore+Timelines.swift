import Foundation

extension InMemoryGraphStore {
    /// The interaction times of every target, in epoch milliseconds, packed into one array.
    ///
    /// Timeline `t` occupies `times[offsets[t] ..< offsets[t + 1]]`, sorted, so a window count
    /// touches two small arrays instead of one heap object per target. New times wait in
    /// `pending` until the next read packs them in: O(total times), which bulk loads pay once.
    /// Packing may renumber the timelines; the graph store numbers them in the order its weight
    /// pass meets their targets (see ``State/packTimelines()``).
    struct Timelines {
        private var offsets: [Int] = [0]
        private var times: [Int64] = []
        private var pending: [(timeline: Int32, millis: Int64)] = []
        /// The latest time per timeline, `Int64.min` while it has none.
        private var latestTimes: [Int64] = []

        /// How many timelines there are.
        var count: Int { latestTimes.count }

        /// Adds an empty timeline and returns its index.
        mutating func add() -> Int32 {
            latestTimes.append(.min)
            return Int32(latestTimes.count - 1)
        }

        mutating func append(_ millis: Int64, to timeline: Int32) {
            pending.append((timeline, millis))
            latestTimes[Int(timeline)] = max(latestTimes[Int(timeline)], millis)
        }

        /// The latest time in `timeline`, pending ones included, or `Int64.min` for none.
        func latest(_ timeline: Int32) -> Int64 { latestTimes[Int(timeline)] }

        /// Whether times or timelines were added since the last pack.
        var needsPacking: Bool { !pending.isEmpty || offsets.count != count + 1 }

        /// Packs pending times and new timelines into the sorted layout, renumbering timeline
        /// `t` as `renumbering[t]`, a permutation of the indexes; O(total times).
        mutating func pack(renumbering: [Int32]) {
            var lengths = [Int](repeating: 0, count: count)
            for old in 0..<(offsets.count - 1) {
                lengths[Int(renumbering[old])] = offsets[old + 1] - offsets[old]
            }
            for entry in pending { lengths[Int(renumbering[Int(entry.timeline)])] += 1 }

            var packedOffsets = [0]
            packedOffsets.reserveCapacity(count + 1)
            for length in lengths { packedOffsets.append(packedOffsets[packedOffsets.count - 1] + length) }
            var packed = [Int64](repeating: 0, count: packedOffsets[count])
            var cursor = packedOffsets
            for old in 0..<(offsets.count - 1) {
                let new = Int(renumbering[old])
                for position in offsets[old]..<offsets[old + 1] {
                    packed[cursor[new]] = times[position]
                    cursor[new] += 1
                }
            }

            var touched = [Bool](repeating: false, count: count)
            for entry in pending {
                let new = Int(renumbering[Int(entry.timeline)])
                packed[cursor[new]] = entry.millis
                cursor[new] += 1
                touched[new] = true
            }
            for timeline in 0..<count where touched[timeline] {
                packed[packedOffsets[timeline]..<packedOffsets[timeline + 1]].sort()
            }
            var latest = latestTimes
            for old in 0..<count { latest[Int(renumbering[old])] = latestTimes[old] }
            (offsets, times, pending, latestTimes) = (packedOffsets, packed, [], latest)
        }

        /// How many times of `timeline` fall in `(after, through]` and the latest of them; O(log m)
        /// for m times in the timeline. Pack first.
        ///
        /// Stored times are whole milliseconds, so `t > after` holds exactly when
        /// `t > floor(after)`, and `t <= through` when `t <= floor(through)`.
        func tally(_ timeline: Int32, after: Date?, through: Date) -> InteractionTally {
            tally(timeline, afterMillis: after?.epochMilliseconds, throughMillis: through.epochMilliseconds)
        }

        /// How many times of `timeline` fall in `(afterMillis, throughMillis]` (no lower bound
        /// when `afterMillis` is `nil`) and the latest of them; O(log m). Pack first.
        @inline(__always)
        func tally(_ timeline: Int32, afterMillis: Int64?, throughMillis: Int64) -> InteractionTally {
            let start = offsets[Int(timeline)]
            var end = offsets[Int(timeline) + 1]
            if end > start, times[end - 1] > throughMillis {
                end = firstIndex(in: start..<end) { $0 > throughMillis }
            }
            var first = start
            if let afterMillis, end > start, times[start] <= afterMillis {
                first = firstIndex(in: start..<end) { $0 > afterMillis }
            }
            guard end > first else { return .zero }
            return InteractionTally(count: end - first, latest: Date(epochMilliseconds: times[end - 1]))
        }

        /// The first position in `range` whose time satisfies `isAfter`, by binary search.
        private func firstIndex(in range: Range<Int>, _ isAfter: (Int64) -> Bool) -> Int {
            var low = range.lowerBound
            var high = range.upperBound
            while low < high {
                let middle = low + (high - low) / 2
                if isAfter(times[middle]) { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }
}
