/// Where a keyset-paged scan has got to; it only ever moves forward.
///
/// A store that returned a page not strictly after the previous one would make a job loop
/// forever; ``advance(past:)`` turns that into an error instead.
struct KeysetPosition<Key: Comparable & CustomStringConvertible> {
    /// The last key consumed, passed as the next page's `after`; `nil` before the first page.
    private(set) var after: Key?
    /// The store that pages, for the error.
    let store: StoreError.Store
    /// The paging operation, for the error.
    let operation: String

    /// Starts before the first key.
    init(store: StoreError.Store, operation: String) {
        self.store = store
        self.operation = operation
    }

    /// Moves past `last`, the last key of the page just read.
    ///
    /// - Throws: ``StoreError`` with code `corrupt` when `last` is not after the current
    ///   position.
    mutating func advance(past last: Key) throws {
        if let after, !(after < last) {
            throw StoreError(
                .corrupt, store: store, operation: operation,
                message: "returned a page ending at \(last), not after the previous page's \(after)")
        }
        after = last
    }
}
