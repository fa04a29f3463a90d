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
        /// Upserted nodes read back unchanged, every property type included, in key order.
        case upsertedNodesReadBackInKeyOrder
        /// Upserting an existing node replaces its properties as a whole.
        case upsertReplacesNodeProperties
        /// Invalid labels and relationship types throw `invalidInput` naming the bad value.
        case invalidLabelsAndTypesAreRejected
        /// Node scans page through the chosen labels in key order, with exactly-full pages.
        case nodeScansPageByLabelInKeyOrder
        /// Deleting nodes removes every relationship touching them and counts only existing nodes.
        case deletingNodesRemovesTheirRelationships
        /// Orphans are nodes of the chosen labels with no relationship, created strictly before the cutoff.
        case orphansAreUnlinkedNodesCreatedBeforeTheCutoff
        /// Search matches titles containing the text in any case, in key order, up to the limit.
        case searchMatchesTitlesIgnoringCase
        /// New relationships keep every field and read back in key order, missing keys skipped.
        case relationshipsReadBackInKeyOrder
        /// Upserting an existing relationship replaces its properties only; weight and job times stay.
        case relationshipUpsertKeepsTheJobsFields
        /// A relationship to a missing endpoint throws `notFound` naming the endpoint.
        case relationshipToAMissingEndpointIsNotFound
        /// Stale pages hold relationships written strictly before the cutoff and resume after any key.
        case stalePagesResumeAfterTheLastKey
        /// Stale pages follow the byte order of the canonical text `TYPE|From:id|To:id`.
        case stalePagesFollowCanonicalTextOrder
        /// Relationships touching nodes come once each, in both directions, at or above the minimum weight.
        case relationshipsTouchingNodesHonourTheMinimumWeight
        /// Weight writes update existing relationships, skip missing ones and leave nil fields unchanged.
        case weightWritesUpdateOnlyExistingRelationships
        /// Weak relationships weigh strictly less than the bound and were written strictly before the cutoff.
        case weakRelationshipsAreLightAndOld
        /// Deleting relationships counts only those that existed and keeps their endpoints.
        case deletingRelationshipsCountsOnlyExistingOnes
        /// An interaction id recorded twice is stored once, as first recorded.
        case interactionsAreRecordedOncePerID
        /// Interaction windows count `(after, through]`, one tally per window, in order.
        case interactionWindowsExcludeTheStartAndIncludeTheEnd
        /// Active users interacted strictly after the instant and are paged in key order.
        case activeUsersArePagedInKeyOrder
        /// Owned items follow the `owner` property, including when an upsert changes it.
        case ownedItemsFollowTheOwnerProperty
        /// Items created in `[from, to)` are paged in key order with their owners.
        case itemsCreatedInAHalfOpenRangeArePaged
        /// Digests cover integer ids in the inclusive range and skip placeholder nodes.
        case digestsSkipPlaceholdersAndNonIntegerIDs
        /// Counts tally nodes per label and all relationships.
        case countsTallyNodesPerLabelAndRelationships
        /// A sync batch upserts nodes, deletes nodes, upserts and deletes relationships, then stores the checkpoint
        /// with its cursors and slice starts.
        case syncBatchAppliesInTheDocumentedOrder
        /// A sync batch that fails writes none of its parts and leaves the checkpoint where it was.
        case failedSyncBatchLeavesNoTrace
        /// Empty batches are accepted and change nothing; a zero limit reads nothing.
        case emptyBatchesChangeNothing
        /// Times are stored rounded down to whole milliseconds.
        case timesKeepMillisecondPrecision
        /// Concurrent writers lose no nodes, relationships or weight writes.
        case concurrentWritersLoseNoUpdates

        /// The behaviour's name.
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
