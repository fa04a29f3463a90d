import Upkeep

/// How a store reaches the database: writes through the shared writer connection, reads through
/// the reader, and SQLite failures turned into ``Upkeep/StoreError`` naming the store.
struct SQLiteStoreAccess: Sendable {
    /// The connection every write goes through, one transaction at a time.
    let writer: SQLiteConnection
    /// A second connection for reads, which in WAL mode run beside the writer.
    let reader: SQLiteConnection
    /// The store, named in errors.
    let store: StoreError.Store

    /// Runs `body` in a read transaction on the reader.
    ///
    /// - Throws: ``Upkeep/StoreError`` wrapping any ``SQLiteError``, or whatever `body` throws.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (SQLiteSession) throws -> T)
        async throws -> T
    {
        do {
            return try await reader.read(operation, body)
        } catch let error as SQLiteError {
            throw StoreError(sqlite: error, store: store, operation: operation)
        }
    }

    /// Runs `body` in a write transaction on the writer.
    ///
    /// - Throws: ``Upkeep/StoreError`` wrapping any ``SQLiteError``, or whatever `body` throws.
    @discardableResult
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (SQLiteSession) throws -> T)
        async throws -> T
    {
        do {
            return try await writer.write(operation, body)
        } catch let error as SQLiteError {
            throw StoreError(sqlite: error, store: store, operation: operation)
        }
    }

    /// Runs `body` on the writer outside a transaction, for maintenance statements.
    ///
    /// - Throws: ``Upkeep/StoreError`` wrapping any ``SQLiteError``, or whatever `body` throws.
    func maintain<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (SQLiteSession) throws -> T)
        async throws -> T
    {
        do {
            return try await writer.withSession(operation, body)
        } catch let error as SQLiteError {
            throw StoreError(sqlite: error, store: store, operation: operation)
        }
    }
}
