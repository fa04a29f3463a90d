import Foundation
import Testing
import Upkeep
import UpkeepTesting

@Suite struct SyntheticDatasetTests {
    let dataset = SyntheticDataset(scale: 0.01, seed: 7, now: Fixture.epoch)

    @Test func countsScaleFromTheDocumentedBase() {
        let counts = dataset.counts
        #expect(counts.users == 10 && counts.tags == 2 && counts.notes == 500 && counts.events == 200)
        #expect(counts.relationships == 2_000)
        #expect(counts.interactions == 5_000 && counts.searchQueries == 50)
    }

    @Test func sameSeedGivesTheSameDataAndAnotherSeedDoesNot() {
        let again = SyntheticDataset(scale: 0.01, seed: 7, now: Fixture.epoch)
        let other = SyntheticDataset(scale: 0.01, seed: 8, now: Fixture.epoch)

        #expect(Array(dataset.records(batchSize: 100)) == Array(again.records(batchSize: 100)))
        #expect(Array(dataset.relationships(batchSize: 300)) == Array(again.relationships(batchSize: 300)))
        #expect(Array(dataset.interactions(batchSize: 999)) == Array(again.interactions(batchSize: 999)))
        #expect(Array(dataset.searchQueries()) == Array(again.searchQueries()))
        #expect(Array(dataset.records(batchSize: 100)) != Array(other.records(batchSize: 100)))
    }

    @Test func batchSizeDoesNotChangeTheData() {
        let small = dataset.relationships(batchSize: 7).flatMap { $0 }
        let large = dataset.relationships(batchSize: 5_000).flatMap { $0 }
        #expect(small == large)
        #expect(dataset.records(batchSize: 64).allSatisfy { $0.count <= 64 })
    }

    @Test func streamsHoldTheCountedItemsWithinTheTimeSpan() {
        let records = dataset.records().flatMap { $0 }
        let relationships = dataset.relationships().flatMap { $0 }
        let interactions = dataset.interactions().flatMap { $0 }
        let earliest = Fixture.epoch.addingTimeInterval(-Double(SyntheticDataset.spanDays) * 86_400)

        #expect(records.count == dataset.counts.records)
        #expect(Set(records.map(\.nodeKey)).count == records.count, "record keys are unique")
        #expect(relationships.count == dataset.counts.relationships)
        #expect(Set(relationships.map(\.key)).count == relationships.count, "relationships never repeat")
        #expect(Set(interactions.map(\.id)).count == dataset.counts.interactions)
        #expect(
            records.allSatisfy {
                $0.createdAt >= earliest && $0.createdAt <= $0.updatedAt && $0.updatedAt <= Fixture.epoch
            })
        #expect(relationships.allSatisfy { (0.05...1).contains($0.weight) && $0.updatedAt <= Fixture.epoch })
        #expect(interactions.allSatisfy { $0.occurredAt >= earliest && $0.occurredAt <= Fixture.epoch })
    }

    @Test func searchQueriesAreSkewedTowardsAFewTexts() {
        let large = SyntheticDataset(scale: 1, seed: 7, now: Fixture.epoch)
        let texts = large.searchQueries().flatMap { $0 }.map(\.text)
        let frequencies = Dictionary(texts.map { ($0, 1) }, uniquingKeysWith: +).values.sorted(by: >)

        #expect(texts.count == 5_000)
        #expect(frequencies.prefix(10).reduce(0, +) > texts.count / 3, "the ten commonest texts dominate")
    }

    @Test func loadedStoresAreConsistentWithEachOther() async throws {
        let graph = InMemoryGraphStore()
        let records = InMemoryRecordStore()
        try await dataset.load(into: graph, records: records, batchSize: 250)

        let live = dataset.records().flatMap { $0 }.filter { $0.status != .deleted }
        let counts = try await graph.counts()
        #expect(counts.nodes == live.count, "a node for every record that is not deleted")
        #expect(counts.relationships == dataset.counts.relationships, "every relationship found its endpoints")
        for kind in RecordKind.synced {
            let bounds = try #require(try await records.idBounds(kind: kind))
            let fromRecords = try await records.digest(kind: kind, ids: bounds)
            #expect(try await graph.digest(label: kind.nodeLabel, ids: bounds) == fromRecords, "\(kind) digests agree")
        }
        #expect(try await records.searchQueries(since: .distantPast, offset: 0, limit: 100).count == 50)
    }
}
