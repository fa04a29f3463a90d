import Foundation
import Testing

@testable import Upkeep

@Suite struct ConsistencySliceTests {
    /// Every slice of one cycle, following each run's `next` from a first run.
    private static func cycle(bounds: ClosedRange<Int64>, size: Int) -> [ConsistencyCheck.Slice] {
        var slices: [ConsistencyCheck.Slice] = []
        var start: Int64?
        repeat {
            let slice = ConsistencyCheck.slice(bounds: bounds, from: start, size: size)
            slices.append(slice)
            start = slice.next
        } while slices.last?.endsCycle == false && slices.count < 1_000
        return slices
    }

    @Test func successiveSlicesCoverEveryIDExactlyOnce() {
        let slices = Self.cycle(bounds: 1...10, size: 3)
        let ranges = slices.flatMap(\.ranges)

        #expect(slices.count == 4)
        #expect(slices.map(\.idsWithinBounds) == [3, 3, 3, 1])
        #expect(ranges.first?.lowerBound == .min)
        #expect(ranges.last?.upperBound == .max)
        #expect(ConsistencyCheck.union(ofContiguous: ranges) == Int64.min...Int64.max)
        #expect(slices[0].ranges == [Int64.min...0, 1...3])
        #expect(slices[1].ranges == [4...6])
        #expect(slices[3].ranges == [10...10, 11...Int64.max])
        #expect(slices.map(\.endsCycle) == [false, false, false, true])
        #expect(slices[3].next == .min)
    }

    @Test func aSliceAsWideAsTheBoundsIsTheWholePartition() {
        let slice = ConsistencyCheck.slice(bounds: 5...9, from: nil, size: 5)

        #expect(slice.ranges == ConsistencyCheck.partition(around: 5...9))
        #expect(slice.ranges == [Int64.min...4, 5...9, 10...Int64.max])
        #expect(slice.endsCycle)
        #expect(slice.idsWithinBounds == 5)
    }

    @Test func aStartOutsideTheBoundsBeginsANewCycle() {
        let first = ConsistencyCheck.slice(bounds: 1...100, from: nil, size: 10)

        #expect(ConsistencyCheck.slice(bounds: 1...100, from: 500, size: 10) == first)
        #expect(ConsistencyCheck.slice(bounds: 1...100, from: .min, size: 10) == first)
        #expect(ConsistencyCheck.slice(bounds: 1...100, from: 0, size: 10) == first)
        #expect(ConsistencyCheck.slice(bounds: 1...100, from: 41, size: 10).ranges == [41...50])
    }

    @Test func idsAddedBelowTheBoundsAreCoveredByTheNextCycle() {
        let end = ConsistencyCheck.slice(bounds: 10...20, from: 15, size: 100)
        let restart = ConsistencyCheck.slice(bounds: -5...20, from: end.next, size: 100)

        #expect(end.endsCycle)
        #expect(restart.ranges.first == Int64.min...(-6))
        #expect(restart.ranges.contains(-5...20))
    }

    @Test func slicesAtTheEndsOfTheIDSpaceDoNotOverflow() {
        let top = ConsistencyCheck.slice(bounds: (Int64.max - 5)...Int64.max, from: .max - 1, size: .max)
        let bottom = ConsistencyCheck.slice(bounds: Int64.min...(Int64.min + 9), from: nil, size: 4)

        #expect(top.ranges == [(Int64.max - 1)...Int64.max])
        #expect(top.endsCycle && top.next == .min)
        #expect(bottom.ranges == [Int64.min...(Int64.min + 3)])
        #expect(bottom.next == Int64.min + 4)
        #expect(ConsistencyCheck.slice(bounds: Int64.min...Int64.max, from: nil, size: 1).idsWithinBounds == 1)
    }

    @Test func aSourceWithoutRowsIsCheckedOverTheWholeIDSpace() {
        let slice = ConsistencyCheck.slice(bounds: nil, from: 77, size: 10)

        #expect(slice.ranges == [Int64.min...Int64.max])
        #expect(slice.endsCycle)
        #expect(slice.idsWithinBounds == 0)
    }
}
