import CSQLite

/// The SQL functions through which one UPDATE of a weight-pass page reads, evaluates and
/// rewrites each stale row of `relationship_weights` in a single walk of its id range.
///
/// ``SQLiteWeightPage`` sets ``evaluate`` for the page, runs the UPDATE and clears it, all on the
/// writer connection's queue; the functions are registered on that connection only
/// (``SQLiteSession/function(_:arguments:make:body:)``), so nothing else calls them meanwhile.
///
/// - `upkeep_weight_eval(id, target, weight, created_at, updated_at, last_interaction_at,
///   boosted_through, latest_at, from_user, to_user)`, the UPDATE's new `weight`: passes the
///   stored row to ``evaluate``, keeps the returned ``Values`` as the current row's, and returns
///   their weight (NULL for NaN, as SQLite stores it).
/// - `upkeep_weight_value(id, column)`, the other new columns: the current row's `updated_at`
///   (column 0), `boosted_through` (1) or `last_interaction_at` (2).
///
/// SQLite computes a row's new values in table column order, `weight` before the others, so
/// `upkeep_weight_value` reads the values its row's `upkeep_weight_eval` just kept. It checks
/// that: asked for an id other than the current row's, for an unknown column, with arguments of
/// the wrong type, or while no page is set, a function fails the statement with an error naming
/// the value, so the page's transaction rolls back rather than writing a wrong value. An error
/// thrown by ``evaluate`` fails the statement too and is kept in ``failure`` for the caller.
final class SQLiteWeightUpdate {
    /// A row's values as the UPDATE writes them: the evaluation's, or the stored ones for a row
    /// that needs no write.
    struct Values {
        /// The `relationship_weights` id.
        var id: Int64
        /// The weight.
        var weight: Double
        /// `updated_at`, in epoch milliseconds.
        var updatedAt: Int64
        /// `boosted_through`, in epoch milliseconds, or `nil`.
        var boostedThrough: Int64?
        /// `last_interaction_at`, in epoch milliseconds, or `nil`.
        var lastInteractionAt: Int64?
        /// Whether these are the evaluation's values; if not, the row keeps its stored weight
        /// value exactly as stored.
        var needsWrite: Bool
    }

    /// The arguments of `upkeep_weight_eval`, read in the column order of the weight pass's walk.
    struct Arguments: SQLiteWeightRow {
        let values: UnsafeMutablePointer<OpaquePointer?>

        func isNull(_ column: Int32) -> Bool { sqlite3_value_type(values[Int(column)]) == SQLITE_NULL }
        func int64(_ column: Int32) -> Int64 { sqlite3_value_int64(values[Int(column)]) }
        func double(_ column: Int32) -> Double { sqlite3_value_double(values[Int(column)]) }

        func optionalText(_ column: Int32) -> String? {
            guard !isNull(column), let bytes = sqlite3_value_text(values[Int(column)]) else { return nil }
            let count = Int(sqlite3_value_bytes(values[Int(column)]))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
    }

    /// The names of the functions.
    static let evalName = "upkeep_weight_eval"
    static let valueName = "upkeep_weight_value"
    /// How many arguments `upkeep_weight_eval` takes.
    static let evalArguments: Int32 = 10

    /// Evaluates a stored row and returns the values to write; `nil` outside a page.
    var evaluate: ((Arguments) throws -> Values)?
    /// The error ``evaluate`` threw, if it threw.
    var failure: (any Error)?
    private var current: Values?

    /// The functions' shared state on `session`'s connection, registering them on first use.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses a registration.
    static func registered(in session: SQLiteSession) throws -> SQLiteWeightUpdate {
        let update = try session.function(evalName, arguments: evalArguments, make: SQLiteWeightUpdate.init) {
            context, count, values in SQLiteWeightUpdate.eval(context, count, values)
        }
        let value = try session.function(valueName, arguments: 2, make: { update }) { context, count, values in
            SQLiteWeightUpdate.value(context, count, values)
        }
        return value
    }

    /// Sets `evaluate` for one page and clears it, the current row and any failure afterwards.
    func page<T>(_ evaluate: @escaping (Arguments) throws -> Values, _ body: () throws -> T) throws -> T {
        self.evaluate = evaluate
        failure = nil
        current = nil
        defer {
            self.evaluate = nil
            failure = nil
            current = nil
        }
        do {
            return try body()
        } catch {
            throw failure ?? error
        }
    }

    // MARK: - SQL functions

    /// The body of `upkeep_weight_eval`.
    private static func eval(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
        guard let context else { return }
        guard count == evalArguments, let values, let update = instance(context), let evaluate = update.evaluate else {
            sqlite3_result_error(context, "\(evalName) was called outside a weight-pass page", -1)
            return
        }

        do {
            let row = try evaluate(Arguments(values: values))
            update.current = row
            if !row.needsWrite {
                sqlite3_result_value(context, values[2])
            } else if row.weight.isNaN {
                sqlite3_result_null(context)
            } else {
                sqlite3_result_double(context, row.weight)
            }
        } catch {
            update.failure = error
            update.current = nil
            sqlite3_result_error(context, "\(evalName) failed: \(error)", -1)
        }
    }

    /// The body of `upkeep_weight_value`.
    private static func value(
        _ context: OpaquePointer?,
        _ count: Int32,
        _ values: UnsafeMutablePointer<OpaquePointer?>?
    ) {
        guard let context else { return }
        guard count == 2, let values, let update = instance(context),
            sqlite3_value_type(values[0]) == SQLITE_INTEGER, sqlite3_value_type(values[1]) == SQLITE_INTEGER
        else {
            sqlite3_result_error(context, "\(valueName) takes an integer id and an integer column", -1)
            return
        }

        let id = sqlite3_value_int64(values[0])
        guard let row = update.current, row.id == id else {
            sqlite3_result_error(context, "\(valueName) has no evaluated row with id \(id)", -1)
            return
        }
        let result: Int64?
        switch sqlite3_value_int64(values[1]) {
        case 0: result = row.updatedAt
        case 1: result = row.boostedThrough
        case 2: result = row.lastInteractionAt
        case let column:
            sqlite3_result_error(context, "\(valueName) has no column \(column)", -1)
            return
        }
        if let result { sqlite3_result_int64(context, result) } else { sqlite3_result_null(context) }
    }

    /// The shared state a function was registered with.
    private static func instance(_ context: OpaquePointer) -> SQLiteWeightUpdate? {
        sqlite3_user_data(context).map { Unmanaged<SQLiteWeightUpdate>.fromOpaque($0).takeUnretainedValue() }
    }
}
