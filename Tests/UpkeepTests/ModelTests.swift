import Foundation
import Testing

@testable import Upkeep

@Suite struct ModelTests {
    @Test func nodeKeyRoundTripsThroughItsTextForm() {
        let key = NodeKey(.note, 42)
        #expect(key.description == "Note:42")
        #expect(NodeKey(parsing: "Note:42") == key)
        #expect(NodeKey(parsing: "no-colon") == nil)
        #expect(NodeKey(parsing: "Bad Label:1") == nil)
    }

    @Test func labelsMustBeIdentifiers() {
        #expect(NodeLabel.note.isValid)
        #expect(!NodeLabel("1abc").isValid)
        #expect(!NodeLabel("").isValid)
        #expect(!NodeLabel("a-b").isValid)
        #expect(RelationshipType.taggedWith.isValid)
    }

    @Test func digestIsOrderIndependentAndSeesOneChangedRow() {
        let rows = (1...1_000).map { (Int64($0), Date(epochMilliseconds: 1_700_000_000_000 + Int64($0))) }
        var forward = ConsistencyDigest.empty
        rows.forEach { forward.add(id: $0.0, updatedAt: $0.1) }
        var backward = ConsistencyDigest.empty
        rows.reversed().forEach { backward.add(id: $0.0, updatedAt: $0.1) }
        #expect(forward == backward)

        var changed = ConsistencyDigest.empty
        for (id, date) in rows {
            changed.add(id: id, updatedAt: id == 500 ? date.addingTimeInterval(0.001) : date)
        }
        #expect(changed.count == forward.count)
        #expect(changed.checksum != forward.checksum)
    }

    @Test func epochMillisecondsRoundDownAndSurviveExtremes() {
        #expect(Date(timeIntervalSince1970: 1.9999).epochMilliseconds == 1_999)
        #expect(Date(timeIntervalSince1970: -0.0005).epochMilliseconds == -1)
        #expect(Date.distantFuture.epochMilliseconds > 0)
        for millis in Int64(-5_000)...5_000 {
            #expect(Date(epochMilliseconds: millis).epochMilliseconds == millis)
        }
    }
}
