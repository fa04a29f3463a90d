import Foundation
import Testing

@testable import Upkeep

@Suite struct SyncJobConfigurationTests {
    private func decode(_ json: String) throws -> SyncJob.Configuration {
        try JSONDecoder().decode(SyncJob.Configuration.self, from: Data(json.utf8))
    }

    @Test func missingKeysDecodeToTheDefaults() throws {
        let configuration = try decode("{}")

        #expect(configuration == SyncJob.Configuration())
        #expect(configuration.overlapSeconds == 300)
        #expect(configuration.verifiesConsistency)
        #expect(configuration.consistencyScope == .rotating)
        #expect(configuration.consistencySliceSize == 4_096)
        #expect(configuration.repairsDrift)
        #expect(configuration.bisectionLeafSize == 32)
        #expect(configuration.maximumDriftRanges == 256)
    }

    @Test func presentKeysOverrideTheirDefaultsOnly() throws {
        let configuration = try decode(#"{"overlapSeconds": 0, "verifiesConsistency": false}"#)

        #expect(configuration.overlapSeconds == 0)
        #expect(!configuration.verifiesConsistency)
        #expect(configuration.bisectionLeafSize == 32)
    }

    @Test func configurationRoundTripsThroughJSON() throws {
        let original = SyncJob.Configuration(
            overlapSeconds: 42.5, verifiesConsistency: false, consistencyScope: .full,
            consistencySliceSize: 100, repairsDrift: false, bisectionLeafSize: 8, maximumDriftRanges: 3)

        let data = try JSONEncoder().encode(original)

        #expect(try JSONDecoder().decode(SyncJob.Configuration.self, from: data) == original)
    }

    @Test func outOfRangeValuesAreRejectedNamingTheKey() {
        for (json, key) in [
            (#"{"overlapSeconds": -5}"#, "overlapSeconds"),
            (#"{"bisectionLeafSize": 0}"#, "bisectionLeafSize"),
            (#"{"consistencySliceSize": 0}"#, "consistencySliceSize"),
            (#"{"consistencyScope": "sometimes"}"#, "consistencyScope"),
            (#"{"maximumDriftRanges": -1}"#, "maximumDriftRanges"),
        ] {
            #expect {
                _ = try decode(json)
            } throws: { error in
                guard case DecodingError.dataCorrupted(let context) = error else { return false }
                return context.debugDescription.contains(key) && context.codingPath.last?.stringValue == key
            }
        }
    }

    @Test func theFullScopeAndASliceSizeAreReadFromJSON() throws {
        let configuration = try decode(#"{"consistencyScope": "full", "consistencySliceSize": 100000}"#)

        #expect(configuration.consistencyScope == .full)
        #expect(configuration.consistencySliceSize == 100_000)
        #expect(configuration.overlapSeconds == 300)
    }

    @Test func wrongTypesAreRejected() {
        #expect(throws: DecodingError.self) { _ = try decode(#"{"verifiesConsistency": "yes"}"#) }
    }

    @Test func programmaticValuesAreClampedAndOverlapZeroResumesAtTheCursor() {
        let configuration = SyncJob.Configuration(
            overlapSeconds: -.infinity, consistencySliceSize: -3, bisectionLeafSize: 0)
        let cursor = SyncCursor(updatedAt: SyncFixtures.time(600), id: 9)

        #expect(configuration.overlapSeconds == 300)
        #expect(configuration.consistencyCheck.leafSize == 1)
        #expect(configuration.consistencySliceSize == 1)
        #expect(SyncJob(configuration: SyncJob.Configuration(overlapSeconds: 0)).readStart(after: cursor) == cursor)
        #expect(
            SyncJob().readStart(after: cursor) == SyncCursor(updatedAt: SyncFixtures.time(300), id: .min))
        #expect(SyncJob().readStart(after: nil) == nil)
    }
}
