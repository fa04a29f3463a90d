/// Binary search over the sorted arrays the in-memory stores use as keyset indexes.
enum InMemoryIndex {
    /// The index of the first element for which `isInSecondPart` is true.
    ///
    /// `elements` must be partitioned: every element that satisfies the predicate comes after
    /// every element that does not. O(log n).
    static func partitionPoint<Elements: RandomAccessCollection>(
        _ elements: Elements,
        _ isInSecondPart: (Elements.Element) -> Bool
    ) -> Int where Elements.Index == Int {
        var low = elements.startIndex
        var high = elements.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if isInSecondPart(elements[middle]) {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }
}
