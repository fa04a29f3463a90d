import Upkeep

extension StoreError {
    /// Wraps a failure from SQLite as a store error for `store` and `operation`.
    ///
    /// Busy and locked map to `unavailable` (retrying may succeed), damaged files to `corrupt`,
    /// and the rest to `backend`; the ``SQLiteError`` is kept as ``StoreError/underlying``.
    init(sqlite error: SQLiteError, store: Store, operation: String) {
        let code: Code =
            switch error.code {
            case .busy, .locked: .unavailable
            case .corrupt, .notADatabase: .corrupt
            case .full, .ioError, .cannotOpen, .readOnly: .unavailable
            default: .backend
            }
        self.init(code, store: store, operation: operation, message: error.message, underlying: error)
    }

    /// Stored data of `store` could not be decoded in `operation`.
    static func corrupt(_ store: Store, _ operation: String, _ what: String) -> StoreError {
        StoreError(.corrupt, store: store, operation: operation, message: what)
    }
}
