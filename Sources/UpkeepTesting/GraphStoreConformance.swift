import Foundation
import Testing
import Upkeep

/// The behaviour every ``GraphStore`` must show, as one check per behaviour.
///
/// A backend's test target runs each check as one argument of a parameterized test, so a
/// failure names the behaviour:
///
/// ```swift
/// @Test(arguments: GraphStoreConformance.checks)
/// func graphStoreConforms(_ check: GraphStoreConformance.Check) async throws {
///     try await GraphStoreConformance.run(check) { InMemoryGraphStore() }
/// }
/// ```
///
/// The factory must return a fresh, empty store for every call. Checks record failures with
/// Swift Testing's `#expect` and `#require`, so they must run inside a test.
public enum GraphStoreConformance {
    /// Makes a fresh, empty graph store.
    public typealias Factory = @Sendable () async throws -> any GraphStore

    /// One behaviour of a graph store.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        case upsertedNodesReadBackInKeyOrder
        case upsertReplacesNodeProperties
        case invalidLabelsAndTypesAreRejected
        case nodeScansPageByLabelInKeyOrder
        case deletingNodesRemovesTheirRelationships
        case orphansAreUnlinkedNodesCreatedBeforeTheCutoff
        case searchMatchesTitlesIgnoringCase
        case relationshipsReadBackInKeyOrder
        case relationshipUpsertKeepsTheJobsFields
        case relationshipToAMissingEndpointIsNotFound
        case stalePagesResumeAfterTheLastKey
        case stalePagesFollowCanonicalTextOrder
        case relationshipsTouchingNodesHonourTheMinimumWeight
        case weightWritesUpdateOnlyExistingRelationships
        case weakRelationshipsAreLightAndOld
        case deletingRelationshipsCountsOnlyExistingOnes
        case interactionsAreRecordedOncePerID
        case interactionWindowsExcludeTheStartAndIncludeTheEnd
        case activeUsersArePagedInKeyOrder
        case ownedItemsFollowTheOwnerProperty
        case itemsCreatedInAHalfOpenRangeArePaged
        case digestsSkipPlaceholdersAndNonIntegerIDs
        case countsTallyNodesPerLabelAndRelationships
        case syncBatchAppliesInTheDocumentedOrder
        case failedSyncBatchLeavesNoTrace
        case emptyBatchesChangeNothing
        case timesKeepMillisecondPrecision
        case concurrentWritersLoseNoUpdates

        public var description: String { rawValue }
    }

    /// Every check, in declaration order.
    public static var checks: [Check] { Check.allCases }

    /// Runs one check against a fresh store from `makeStore`.
    ///
    /// - Throws: an error from the store, or a ``ConformanceFailure`` when a check cannot go on.
    public static func run(_ check: Check, makeStore: Factory) async throws {
        let graph = try await makeStore()
        switch check {
        case .upsertedNodesReadBackInKeyOrder: try await upsertedNodesReadBackInKeyOrder(graph)
        case .upsertReplacesNodeProperties: try await upsertReplacesNodeProperties(graph)
        case .invalidLabelsAndTypesAreRejected: try await invalidLabelsAndTypesAreRejected(graph)
        case .nodeScansPageByLabelInKeyOrder: try await nodeScansPageByLabelInKeyOrder(graph)
        case .deletingNodesRemovesTheirRelationships: try await deletingNodesRemovesTheirRelationships(graph)
        case .orphansAreUnlinkedNodesCreatedBeforeTheCutoff: try await orphansAreUnlinkedNodes(graph)
        case .searchMatchesTitlesIgnoringCase: try await searchMatchesTitlesIgnoringCase(graph)
        case .relationshipsReadBackInKeyOrder: try await relationshipsReadBackInKeyOrder(graph)
        case .relationshipUpsertKeepsTheJobsFields: try await relationshipUpsertKeepsTheJobsFields(graph)
        case .relationshipToAMissingEndpointIsNotFound: try await relationshipToAMissingEndpointIsNotFound(graph)
        case .stalePagesResumeAfterTheLastKey: try await stalePagesResumeAfterTheLastKey(graph)
        case .stalePagesFollowCanonicalTextOrder: try await stalePagesFollowCanonicalTextOrder(graph)
        case .relationshipsTouchingNodesHonourTheMinimumWeight: try await relationshipsTouchingNodes(graph)
        case .weightWritesUpdateOnlyExistingRelationships: try await weightWritesUpdateOnlyExisting(graph)
        case .weakRelationshipsAreLightAndOld: try await weakRelationshipsAreLightAndOld(graph)
        case .deletingRelationshipsCountsOnlyExistingOnes: try await deletingRelationshipsCounts(graph)
        case .interactionsAreRecordedOncePerID: try await interactionsAreRecordedOncePerID(graph)
        case .interactionWindowsExcludeTheStartAndIncludeTheEnd: try await interactionWindows(graph)
        case .activeUsersArePagedInKeyOrder: try await activeUsersArePagedInKeyOrder(graph)
        case .ownedItemsFollowTheOwnerProperty: try await ownedItemsFollowTheOwnerProperty(graph)
        case .itemsCreatedInAHalfOpenRangeArePaged: try await itemsCreatedInAHalfOpenRangeArePaged(graph)
        case .digestsSkipPlaceholdersAndNonIntegerIDs: try await digestsSkipPlaceholders(graph)
        case .countsTallyNodesPerLabelAndRelationships: try await countsTallyNodesAndRelationships(graph)
        case .syncBatchAppliesInTheDocumentedOrder: try await syncBatchAppliesInTheDocumentedOrder(graph)
        case .failedSyncBatchLeavesNoTrace: try await failedSyncBatchLeavesNoTrace(graph)
        case .emptyBatchesChangeNothing: try await emptyBatchesChangeNothing(graph)
        case .timesKeepMillisecondPrecision: try await timesKeepMillisecondPrecision(graph)
        case .concurrentWritersLoseNoUpdates: try await concurrentWritersLoseNoUpdates(graph)
        }
    }

    // MARK: - Shared helpers

    /// `Fixture.time(seconds)`, shortened because the checks use it on every line.
    static func t(_ seconds: Double) -> Date { Fixture.time(seconds) }

    static func note(_ id: Int64) -> NodeKey { NodeKey(.note, id) }

    static func user(_ id: Int64) -> NodeKey { NodeKey(.user, id) }

    static func related(_ from: Int64, _ to: Int64) -> RelationshipKey {
        RelationshipKey(.relatedTo, from: note(from), to: note(to))
    }

    /// Notes with the given ids, created at ``Fixture/epoch``.
    static func notes(_ ids: ClosedRange<Int64>) -> [Node] {
        ids.map { Fixture.node(.note, $0, title: "note \($0)") }
    }
}
