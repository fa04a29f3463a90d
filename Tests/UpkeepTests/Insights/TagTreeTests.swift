import Foundation
import Testing

@testable import Upkeep

@Suite struct TagTreeTests {
    @Test func buildsAForestAndBreaksCycles() {
        let tree = TagTree(tags: [
            TagTree.Tag(id: "1", title: "Work"),
            TagTree.Tag(id: "2", title: "Projects", parent: "1"),
            TagTree.Tag(id: "3", parent: "2"),
            TagTree.Tag(id: "4", parent: "5"),
            TagTree.Tag(id: "5", parent: "4"),
            TagTree.Tag(id: "6", parent: "6"),
            TagTree.Tag(id: "7", parent: "99"),
            TagTree.Tag(id: "8", parent: "5"),
        ])

        #expect(tree.roots.map(\.id) == ["1", "4", "6", "7"])
        #expect(tree.roots[0].children.map(\.id) == ["2"])
        #expect(tree.roots[0].children[0].children.map(\.id) == ["3"])
        #expect(tree.roots[1].children.map(\.id) == ["5"])
        #expect(tree.roots[1].children[0].children.map(\.id) == ["8"])
        #expect(tree.brokenCycles == ["4"])
        #expect(tree.tagCount == 8)
        #expect(tree.omitted == 0)
    }

    @Test func longerCyclesAreBrokenAtTheirSmallestId() {
        let tree = TagTree(tags: [
            TagTree.Tag(id: "c", parent: "a"), TagTree.Tag(id: "a", parent: "b"),
            TagTree.Tag(id: "b", parent: "c"),
        ])
        #expect(tree.brokenCycles == ["a"])
        #expect(tree.roots.map(\.id) == ["a"])
        #expect(tree.roots[0].children.first?.children.first?.id == "b")
    }

    @Test func branchesDeeperThanTheLimitAreOmitted() {
        let chain = (1...5).map { TagTree.Tag(id: "\($0)", parent: $0 == 1 ? nil : "\($0 - 1)") }
        let tree = TagTree(tags: chain, maximumDepth: 2)
        #expect(tree.omitted == 3)
        #expect(tree.roots[0].children[0].children.isEmpty)
    }
}
