import Testing

@testable import Upkeep

@Suite("Keyset position")
struct KeysetPositionTests {
    @Test func movesForwardPageByPage() throws {
        var position = KeysetPosition<Int64>(store: .record, operation: "archiveCandidates")

        try position.advance(past: 10)
        try position.advance(past: 20)

        #expect(position.after == 20)
    }

    @Test func pageThatDoesNotMoveForwardIsAnError() throws {
        var position = KeysetPosition<NodeKey>(store: .graph, operation: "orphanNodes")
        try position.advance(past: NodeKey(.tag, "b"))

        let error = #expect(throws: StoreError.self) { try position.advance(past: NodeKey(.tag, "b")) }

        #expect(error?.code == .corrupt)
        #expect(error?.operation == "orphanNodes")
        #expect(error?.message == "returned a page ending at Tag:b, not after the previous page's Tag:b")
        #expect(throws: StoreError.self) { try position.advance(past: NodeKey(.tag, "a")) }
    }
}
