import Foundation

extension CacheJob.Run {
    /// The tag node property holding the parent tag's id.
    static let parentProperty = "parent"

    /// D3: reads every tag and caches the tag tree under `tags:tree`.
    ///
    /// Holds one ``TagTree/Tag`` per tag in memory: O(tags).
    func updateTagTree(in context: JobContext, tally: StepTally) async throws {
        let batchSize = context.options.batchSize
        var tags: [TagTree.Tag] = []
        var after: NodeKey?
        while true {
            try context.checkCancellation()
            let page = try await context.graph.scanNodes(
                labels: [.tag], after: after, limit: batchSize)
            guard let last = page.last else { break }

            tags += page.map(Self.tag)
            tally.add("tags.scanned", page.count)
            context.progress(step: CacheJob.Step.tagTree, completed: tags.count)
            after = last.key
            if page.count < batchSize { break }
        }

        let tree = TagTree(tags: tags, maximumDepth: configuration.maximumTagDepth)
        tally.add("tags.roots", tree.roots.count)
        tally.add("tags.cyclesBroken", tree.brokenCycles.count)
        tally.add("tags.omitted", tree.omitted)
        if !tree.brokenCycles.isEmpty {
            let first = tree.brokenCycles.prefix(10).joined(separator: ", ")
            tally.note("tag parent cycles broken at \(first)")
        }
        let entry = try CacheEntryWriter.entry(
            CacheKeys.tagTree, tree, ttlSeconds: configuration.tagTreeTTLSeconds)
        try await CacheEntryWriter(context: context, tally: tally).write([entry])
    }

    /// A tag node's id, title and parent id.
    ///
    /// The parent may be an integer id, a string id, or a `Tag:id` key.
    static func tag(_ node: Node) -> TagTree.Tag {
        let parent: String? =
            switch node.properties[parentProperty] {
            case .int(let id): String(id)
            case .string(let text):
                NodeKey(parsing: text).flatMap { $0.label == .tag ? $0.id : nil }
                    ?? (text.isEmpty ? nil : text)
            default: nil
            }
        return TagTree.Tag(
            id: node.key.id, title: node.properties[Node.Property.title]?.stringValue,
            parent: parent)
    }
}
