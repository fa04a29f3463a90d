/// An error raised by a store: graph, record, cache, task bus or run ledger.
///
/// The description names the store, the operation and what was wrong, including the offending
/// key or value where that helps; it never includes a credential or a row's content.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String

        /// Creates a code; backends may define their own.
        public init(_ name: String) { self.name = name }

        /// The input was malformed: an invalid label, a weight out of range, a bad cursor.
        public static let invalidInput = Code("invalidInput")
        /// A referenced item does not exist.
        public static let notFound = Code("notFound")
        /// A concurrent writer got there first, or a fencing token is stale.
        public static let conflict = Code("conflict")
        /// The backend could not be reached or went away; retrying may succeed.
        public static let unavailable = Code("unavailable")
        /// The operation did not finish in time.
        public static let timeout = Code("timeout")
        /// Stored data could not be decoded.
        public static let corrupt = Code("corrupt")
        /// The backend does not support the operation or the stored schema version.
        public static let unsupported = Code("unsupported")
        /// The backend reported an error; see ``StoreError/underlying``.
        public static let backend = Code("backend")

        public var description: String { name }
    }

    /// Which store raised the error.
    public enum Store: String, Sendable {
        case graph, record, cache, taskBus, runLedger
    }

    /// What went wrong.
    public var code: Code
    /// The store that raised the error.
    public var store: Store
    /// The operation that failed, for example `upsertNodes`.
    public var operation: String
    /// A human-readable explanation naming the offending input.
    public var message: String
    /// The backend's own error, when there is one.
    public var underlying: (any Error & Sendable)?

    /// Creates a store error.
    public init(
        _ code: Code,
        store: Store,
        operation: String,
        message: String,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.store = store
        self.operation = operation
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        var text = "\(store.rawValue) store: \(operation) failed (\(code)): \(message)"
        if let underlying { text += " [\(underlying)]" }
        return text
    }
}
