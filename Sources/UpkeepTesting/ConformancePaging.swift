/// Reads every page of a keyset-paged scan, for the conformance checks.
enum ConformancePaging {
    /// Calls `page` with the last key of the previous page until a page comes back empty, and
    /// returns every item in order with the size of each page (the final empty one included).
    ///
    /// - Throws: whatever `page` throws, or a `ConformanceFailure` when the scan does not end
    ///   within 10,000 pages or returns more than `limit` items in a page.
    static func all<Item, Key>(
        limit: Int,
        key: (Item) -> Key,
        page: (Key?, Int) async throws -> [Item]
    ) async throws -> (items: [Item], pageSizes: [Int]) {
        var items: [Item] = []
        var sizes: [Int] = []
        var after: Key?
        for _ in 0..<10_000 {
            let next = try await page(after, limit)
            sizes.append(next.count)
            guard next.count <= limit else {
                throw ConformanceFailure("a page held \(next.count) items, more than the limit \(limit)")
            }
            guard let last = next.last else { return (items, sizes) }
            items += next
            after = key(last)
        }
        throw ConformanceFailure("a keyset scan did not end after 10,000 pages")
    }
}

/// A conformance check that could not go on, with what was wrong.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates a failure with a description.
    public init(_ description: String) {
        self.description = description
    }
}
