import Foundation
import Testing

@testable import Upkeep

@Suite struct ContentQualityTests {
    private let model = ContentQuality()
    private let base = ContentFeatures(
        titleLength: 10, contentLength: 100, tagCount: 1, linkCount: 1, ageDays: 30)

    @Test func completeFreshItemScoresOneAndEmptyFreshItemScoresRecencyOnly() {
        let complete = ContentFeatures(
            titleLength: 30, contentLength: 500, tagCount: 3, linkCount: 3, ageDays: 0)
        #expect(abs(model.score(complete) - 1) < 1e-12)
        #expect(abs(model.score(ContentFeatures()) - 0.15) < 1e-12)
    }

    @Test func scoreFollowsTheDocumentedFormula() {
        let expected =
            0.20 * (0.5 + 0.5 * 10 / 30) + 0.35 * 100 / 500 + 0.15 * 1 / 3 + 0.15 * 1 / 3
            + 0.15 * pow(0.5, 30.0 / 90)
        #expect(abs(model.score(base) - expected) < 1e-12)
    }

    @Test func scoreIsMonotonicInEveryFeature() {
        var previous = (title: 0.0, content: 0.0, tags: 0.0, links: 0.0, age: 2.0)
        for step in 0...60 {
            var features = base
            features.titleLength = step
            let title = model.score(features)
            features = base
            features.contentLength = step * 20
            let content = model.score(features)
            features = base
            features.tagCount = step / 10
            let tags = model.score(features)
            features = base
            features.linkCount = step / 10
            let links = model.score(features)
            features = base
            features.ageDays = Double(step * 10)
            let age = model.score(features)

            #expect(title >= previous.title && content >= previous.content)
            #expect(tags >= previous.tags && links >= previous.links && age <= previous.age)
            #expect([title, content, tags, links, age].allSatisfy { (0...1).contains($0) })
            previous = (title, content, tags, links, age)
        }
    }

    @Test func titleLengthAndPresenceBothCount() {
        var features = base
        features.titleLength = 0
        let untitled = model.score(features)
        features.titleLength = 1
        #expect(model.score(features) - untitled > 0.2 * 0.5 - 1e-12)
    }

    @Test func zeroWeightsScoreZeroInsteadOfDividingByZero() {
        let silent = ContentQuality(
            titleWeight: 0, contentWeight: 0, tagWeight: 0, linkWeight: 0, recencyWeight: .nan)
        #expect(silent.score(base) == 0)
    }

    @Test func featuresComeFromTheNodeAndItsRelationships() {
        let now = InsightsFixtures.instant("2026-12-03T00:00:00Z")
        let note = Node(
            key: NodeKey(.note, 1), properties: ["title": "Hello", "content": "Größe"],
            createdAt: now.addingTimeInterval(-10 * 86_400),
            updatedAt: now.addingTimeInterval(-2 * 86_400))
        let relationships = [
            Relationship(
                key: RelationshipKey(.created, from: NodeKey(.user, 1), to: note.key),
                createdAt: now),
            Relationship(
                key: RelationshipKey(.taggedWith, from: note.key, to: NodeKey(.tag, 1)),
                createdAt: now),
            Relationship(
                key: RelationshipKey(.taggedWith, from: note.key, to: NodeKey(.tag, 2)),
                createdAt: now),
            Relationship(
                key: RelationshipKey(.relatedTo, from: NodeKey(.note, 2), to: note.key),
                createdAt: now),
            Relationship(
                key: RelationshipKey(.relatedTo, from: NodeKey(.note, 2), to: NodeKey(.note, 3)),
                createdAt: now),
        ]
        let features = ContentFeatures(
            node: note, relationships: relationships, contentProperty: "content", now: now)
        #expect(
            features
                == ContentFeatures(
                    titleLength: 5, contentLength: 5, tagCount: 2, linkCount: 1, ageDays: 2))
    }

    @Test func reportKeepsTheLowestItemsAndAHistogram() {
        var accumulator = ContentQualityReport.Accumulator(lowestCount: 2)
        for (id, score) in [(1, 0.95), (2, 0.05), (3, 0.5), (4, 0.05), (5, 1.0), (6, 0.3)] {
            accumulator.add(key: NodeKey(.note, Int64(id)), score: score)
        }
        let report = accumulator.report(generatedAt: Date(epochMilliseconds: 0))
        #expect(report.itemsScored == 6)
        #expect(abs(report.meanScore - 2.85 / 6) < 1e-12)
        #expect(report.histogram == [2, 0, 0, 1, 0, 1, 0, 0, 0, 2])
        #expect(report.lowest.map(\.key) == ["Note:2", "Note:4"])
    }
}
