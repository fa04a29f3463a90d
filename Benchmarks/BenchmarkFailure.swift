/// A scenario found that what it measured did not do the expected work.
struct BenchmarkFailure: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
