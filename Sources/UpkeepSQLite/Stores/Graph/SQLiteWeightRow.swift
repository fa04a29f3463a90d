/// The stored fields of one `relationship_weights` row, as the weight pass reads them: columns
/// of its walk's SELECT in a dry run, or arguments of `upkeep_weight_eval` in its UPDATE.
protocol SQLiteWeightRow {
    /// Whether the column holds NULL.
    func isNull(_ column: Int32) -> Bool
    /// The column as an integer.
    func int64(_ column: Int32) -> Int64
    /// The column as a double.
    func double(_ column: Int32) -> Double
    /// The column as text, or `nil` for NULL.
    func optionalText(_ column: Int32) -> String?
}

extension SQLiteWeightRow {
    /// The column as an integer, or `nil` for NULL.
    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }
}

extension SQLiteRow: SQLiteWeightRow {}
