import Foundation
import Synchronization
import Testing

@testable import Upkeep

@Suite struct ConsistencyCheckTests {
    /// One side of a comparison: rows as `(id, updatedAt)`, sorted by id, digested by binary search.
    private struct Side: Sendable {
        let ids: [Int64]
        let times: [Date]

        init(_ rows: [Int64: Date]) {
            let sorted = rows.sorted { $0.key < $1.key }
            ids = sorted.map(\.key)
            times = sorted.map(\.value)
        }

        func digest(_ range: ClosedRange<Int64>) -> ConsistencyDigest {
            var digest = ConsistencyDigest.empty
            var index = firstIndex(notBelow: range.lowerBound)
            while index < ids.count, ids[index] <= range.upperBound {
                digest.add(id: ids[index], updatedAt: times[index])
                index += 1
            }
            return digest
        }

        private func firstIndex(notBelow id: Int64) -> Int {
            var low = 0
            var high = ids.count
            while low < high {
                let middle = (low + high) / 2
                if ids[middle] < id { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    private static func rows(_ ids: ClosedRange<Int64>) -> [Int64: Date] {
        Dictionary(uniqueKeysWithValues: ids.map { ($0, SyncFixtures.time($0 % 997)) })
    }

    private func check(
        _ source: [Int64: Date],
        _ replica: [Int64: Date],
        ranges: [ClosedRange<Int64>],
        using check: ConsistencyCheck = ConsistencyCheck()
    ) async throws -> ConsistencyCheck.Outcome {
        let source = Side(source)
        let replica = Side(replica)
        return try await check.mismatches(
            in: ranges, source: { source.digest($0) }, replica: { replica.digest($0) })
    }

    @Test func equalSidesCostTwoDigestCallsForContiguousRanges() async throws {
        let rows = Self.rows(1...10_000)

        let outcome = try await check(rows, rows, ranges: [Int64.min...0, 1...10_000, 10_001...Int64.max])

        #expect(outcome.leaves.isEmpty)
        #expect(outcome.digestCalls == 2)
        #expect(!outcome.isTruncated)
    }

    @Test func rangesWithGapsAreProbedOneByOne() async throws {
        let rows = Self.rows(1...10_000)
        var replica = rows
        replica[7_000] = nil

        let outcome = try await check(rows, replica, ranges: [1...100, 200...300, 6_000...8_000])

        #expect(outcome.leaves.count == 1)
        #expect(outcome.leaves.first?.contains(7_000) == true)
        let levels = Int(log2(2_001.0 / 32).rounded(.up))
        #expect(outcome.digestCalls <= 6 + 2 * levels)
        #expect(ConsistencyCheck.union(ofContiguous: [1...100, 200...300]) == nil)
        #expect(ConsistencyCheck.union(ofContiguous: [1...100, 101...300]) == 1...300)
    }

    @Test func singleStaleRowAmongOneHundredThousandIsFoundWithLogarithmicCalls() async throws {
        let source = Self.rows(1...100_000)
        var replica = source
        replica[61_234] = SyncFixtures.time(5_000)

        let outcome = try await check(source, replica, ranges: [Int64.min...0, 1...100_000, 100_001...Int64.max])

        #expect(outcome.leaves.count == 1)
        let leaf = try #require(outcome.leaves.first)
        #expect(leaf.contains(61_234))
        #expect(leaf.count <= 32)
        let levels = Int((log2(100_000.0 / 32)).rounded(.up))
        #expect(outcome.digestCalls <= 2 + 4 + 2 * levels)
    }

    @Test func extraRowBeyondTheSourcesIdBoundsIsFoundInTheOuterRange() async throws {
        let source = Self.rows(1...1_000)
        var replica = source
        replica[5_000_000_000] = SyncFixtures.time(1)
        replica[-3] = SyncFixtures.time(1)

        let outcome = try await check(source, replica, ranges: [Int64.min...0, 1...1_000, 1_001...Int64.max])

        #expect(outcome.leaves.count == 2)
        #expect(outcome.leaves.first?.contains(-3) == true)
        #expect(outcome.leaves.last?.contains(5_000_000_000) == true)
        #expect(outcome.digestCalls <= 2 + 4 + 2 * 2 * 64)
    }

    @Test func leavesComeBackInAscendingOrderAndCoverEveryDrift() async throws {
        let source = Self.rows(1...50_000)
        var replica = source
        let drifted: [Int64] = [3, 999, 1_000, 25_000, 49_999]
        for id in drifted { replica[id] = nil }

        let outcome = try await check(source, replica, ranges: [1...50_000])

        #expect(outcome.leaves.map(\.lowerBound) == outcome.leaves.map(\.lowerBound).sorted())
        for id in drifted {
            #expect(outcome.leaves.contains { $0.contains(id) }, "id \(id) not in a leaf")
        }
        #expect(outcome.leaves.allSatisfy { $0.count <= 32 })
    }

    @Test func checkStopsAtTheLeafLimitAndSaysSo() async throws {
        let source = Self.rows(1...10_000)
        let replica = source.filter { $0.key % 100 != 0 }

        let outcome = try await check(
            source, replica, ranges: [1...10_000], using: ConsistencyCheck(leafSize: 16, maximumLeaves: 3))

        #expect(outcome.leaves.count == 3)
        #expect(outcome.isTruncated)
    }

    @Test func fullInt64RangeSplitsWithoutOverflow() {
        #expect(ConsistencyCheck.width(of: Int64.min...Int64.max) == .max)
        #expect(ConsistencyCheck.width(of: 5...5) == 1)
        let (left, right) = ConsistencyCheck.halves(of: Int64.min...Int64.max)
        #expect(left == Int64.min...(-1))
        #expect(right == 0...Int64.max)
        let (low, high) = ConsistencyCheck.halves(of: 7...8)
        #expect(low == 7...7)
        #expect(high == 8...8)
    }

    @Test func digestProviderErrorsPropagate() async {
        struct Unreachable: Error {}
        let calls = Atomic<Int>(0)

        await #expect(throws: Unreachable.self) {
            _ = try await ConsistencyCheck().mismatches(
                in: [1...100],
                source: { _ in
                    calls.add(1, ordering: .relaxed)
                    return .empty
                },
                replica: { _ in throw Unreachable() })
        }
        #expect(calls.load(ordering: .relaxed) == 1)
    }

    // MARK: - Row comparison

    @Test func rowComparisonNamesMissingExtraAndStaleIds() {
        let records = [
            SyncFixtures.note(1, owner: 1, at: 10),
            SyncFixtures.note(2, owner: 1, at: 10),
            SyncFixtures.note(3, owner: 1, at: 10),
            SyncFixtures.note(4, owner: 1, at: 10, status: .deleted),
            SyncFixtures.note(6, owner: 1, at: 10),
        ]
        let planner = SyncPlanner()
        var stale = planner.node(for: records[1])
        stale.updatedAt = SyncFixtures.time(9)
        let nodes = [
            stale,
            planner.node(for: records[2]),
            planner.node(for: SyncFixtures.note(4, owner: 1, at: 10)),
            planner.node(for: SyncFixtures.note(5, owner: 1, at: 10)),
            planner.placeholder(for: NodeKey(.note, 6), at: SyncFixtures.time(10)),
        ]

        let drifts = ConsistencyCheck.drifts(kind: .note, ids: Array(1...7), records: records, nodes: nodes)

        #expect(
            drifts == [
                .init(kind: .note, id: 1, problem: .missingInGraph),
                .init(kind: .note, id: 2, problem: .stale),
                .init(kind: .note, id: 4, problem: .extraInGraph),
                .init(kind: .note, id: 5, problem: .extraInGraph),
                .init(kind: .note, id: 6, problem: .missingInGraph),
            ])
        #expect(drifts[1].description == "note 2: stale")
    }
}
