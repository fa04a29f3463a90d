import Testing
import Upkeep

/// Expectations shared by the conformance suites.
enum ConformanceExpectations {
    /// Records an issue unless `body` throws a ``StoreError`` with `code` whose description
    /// mentions `text`.
    static func expectStoreError(
        _ code: StoreError.Code,
        mentioning text: String,
        _ behaviour: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record(
                "expected a StoreError (\(code)) but nothing was thrown: \(behaviour)", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.code == code, "\(behaviour): wrong code in \(error)", sourceLocation: sourceLocation)
            #expect(
                error.description.contains(text), "\(behaviour): '\(error)' does not mention '\(text)'",
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(behaviour): expected a StoreError (\(code)), got \(error)", sourceLocation: sourceLocation)
        }
    }
}
