import CSQLite

/// The new values of one weight-pass page's changed relationships, read by the SQL function
/// `upkeep_weight_write(id, column)` while one UPDATE walks the page's id range.
///
/// ``SQLiteWeightPage`` loads the writes in ascending id order, runs the UPDATE and clears them,
/// all on the writer connection's queue; the function is registered on that connection only
/// (``SQLiteSession/function(_:arguments:make:body:)``), so nothing else reads the buffer while
/// it is loaded. The UPDATE visits ids in ascending order too, so a cursor that only moves
/// forward finds each row's write in O(1) amortised; an id before the cursor, which that UPDATE
/// never asks for, is found by binary search instead, so the function is correct for any order.
///
/// The function's `column` argument selects what it returns for `id`:
///
/// - 0: 1 when the buffer holds a write for `id`, else 0 (the UPDATE's filter);
/// - 1: the new weight (NULL for NaN, as SQLite stores it);
/// - 2: the new `boosted_through`, or NULL;
/// - 3: the new `last_interaction_at`, or NULL.
///
/// A value column asked for an id without a write, an argument that is not an integer, or an
/// unknown column fails the statement with an error naming the value, so the page's transaction
/// rolls back rather than writing a wrong value.
final class SQLiteWeightWrites {
    /// A changed relationship's new values, as the UPDATE writes them.
    struct Write {
        /// The `relationship_weights` id.
        var id: Int64
        /// The evaluated weight.
        var weight: Double
        /// The evaluation's `boostedThrough`, or the stored one where it leaves it alone.
        var boostedThrough: Int64?
        /// The evaluation's `lastInteractionAt`, or the stored one where it leaves it alone.
        var lastInteractionAt: Int64?
    }

    /// The SQL function's name.
    static let functionName = "upkeep_weight_write"

    private var writes: [Write] = []
    private var cursor = 0

    /// The buffer of `session`'s connection, registering the function on first use.
    ///
    /// - Throws: ``SQLiteError`` when SQLite refuses the registration.
    static func registered(in session: SQLiteSession) throws -> SQLiteWeightWrites {
        try session.function(functionName, arguments: 2, make: SQLiteWeightWrites.init) {
            context, count, values in SQLiteWeightWrites.call(context, count, values)
        }
    }

    /// Makes `writes`, in ascending id order, what the function returns until ``clear()``.
    func load(_ writes: [Write]) {
        self.writes = writes
        cursor = 0
    }

    /// Empties the buffer, so the function finds no write until the next ``load(_:)``.
    func clear() {
        writes = []
        cursor = 0
    }

    /// The write for `id`, moving the cursor forward to it.
    private func write(for id: Int64) -> Write? {
        if cursor < writes.count, writes[cursor].id > id {
            return search(id)
        }
        while cursor < writes.count, writes[cursor].id < id {
            cursor += 1
        }
        return cursor < writes.count && writes[cursor].id == id ? writes[cursor] : nil
    }

    /// The write for `id` by binary search, for an id before the cursor.
    private func search(_ id: Int64) -> Write? {
        var low = 0
        var high = writes.count
        while low < high {
            let middle = (low + high) / 2
            if writes[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < writes.count && writes[low].id == id ? writes[low] : nil
    }

    // MARK: - SQL function

    /// The body of `upkeep_weight_write(id, column)`.
    private static func call(
        _ context: OpaquePointer?,
        _ count: Int32,
        _ values: UnsafeMutablePointer<OpaquePointer?>?
    ) {
        guard let context else { return }
        guard count == 2, let values, let data = sqlite3_user_data(context),
            sqlite3_value_type(values[0]) == SQLITE_INTEGER, sqlite3_value_type(values[1]) == SQLITE_INTEGER
        else {
            sqlite3_result_error(context, "\(functionName) takes an integer id and an integer column", -1)
            return
        }

        let buffer = Unmanaged<SQLiteWeightWrites>.fromOpaque(data).takeUnretainedValue()
        let id = sqlite3_value_int64(values[0])
        let column = sqlite3_value_int64(values[1])
        let write = buffer.write(for: id)
        if column == 0 {
            sqlite3_result_int(context, write == nil ? 0 : 1)
            return
        }
        guard let write, (1...3).contains(column) else {
            let problem = write == nil ? "has no write for id \(id)" : "has no column \(column)"
            sqlite3_result_error(context, "\(functionName) \(problem)", -1)
            return
        }
        result(write, column: column, in: context)
    }

    /// Returns column 1, 2 or 3 of `write` as the function's result.
    private static func result(_ write: Write, column: Int64, in context: OpaquePointer) {
        let value: Int64?
        switch column {
        case 1:
            if write.weight.isNaN {
                sqlite3_result_null(context)
            } else {
                sqlite3_result_double(context, write.weight)
            }
            return
        case 2: value = write.boostedThrough
        default: value = write.lastInteractionAt
        }
        if let value { sqlite3_result_int64(context, value) } else { sqlite3_result_null(context) }
    }
}
