import Foundation

/// The tag hierarchy as a forest, built from each tag's optional parent id, safe against cycles.
///
/// A tag whose parent is missing, empty or itself is a root. A parent chain that loops back on
/// itself is broken by making the cycle's smallest id a root, and that id is listed in
/// ``brokenCycles``. Children are ordered by id. Branches deeper than `maximumDepth` are left
/// out and counted in ``omitted``, which bounds the nesting of the JSON a client must parse; the
/// depth is clamped to `1...256` so building and encoding the tree never recurse deeper.
///
/// Complexity: O(n log n) for n tags (each parent chain is walked once; children are sorted).
public struct TagTree: Hashable, Sendable, Codable {
    /// A tag as read from the graph.
    public struct Tag: Hashable, Sendable {
        /// The tag's id.
        public var id: String
        /// The tag's title, if it has one.
        public var title: String?
        /// The id of the parent tag, if any.
        public var parent: String?

        /// Creates a tag.
        public init(id: String, title: String? = nil, parent: String? = nil) {
            self.id = id
            self.title = title
            self.parent = parent
        }
    }

    /// One tag in the tree, with its children.
    public struct Branch: Hashable, Sendable, Codable {
        /// The tag's id.
        public var id: String
        /// The tag's title, if it has one.
        public var title: String?
        /// The child tags, ordered by id.
        public var children: [Branch]

        /// Creates a branch.
        public init(id: String, title: String?, children: [Branch]) {
            self.id = id
            self.title = title
            self.children = children
        }
    }

    /// The root tags, ordered by id.
    public var roots: [Branch]
    /// How many distinct tags were given.
    public var tagCount: Int
    /// Ids made roots to break parent cycles, in the order found.
    public var brokenCycles: [String]
    /// Tags left out because they sit deeper than the maximum depth.
    public var omitted: Int

    enum CodingKeys: String, CodingKey {
        case roots
        case tagCount = "tag_count"
        case brokenCycles = "broken_cycles"
        case omitted
    }

    /// Builds the forest of `tags`; a repeated id keeps its first occurrence.
    public init(tags: [Tag], maximumDepth: Int = 32) {
        var byID: [String: Tag] = [:]
        for tag in tags where byID[tag.id] == nil { byID[tag.id] = tag }
        var parents = byID.compactMapValues { tag in
            tag.parent.flatMap { byID[$0] == nil ? nil : $0 }
        }
        parents = parents.filter { $0.key != $0.value }
        let broken = Self.breakCycles(&parents)

        var children: [String: [String]] = [:]
        for (child, parent) in parents { children[parent, default: []].append(child) }
        let rootIDs = byID.keys.filter { parents[$0] == nil }.sorted()

        var included = 0
        let builder = Builder(
            byID: byID, children: children.mapValues { $0.sorted() },
            maximumDepth: min(max(1, maximumDepth), 256))
        roots = rootIDs.map { builder.branch($0, depth: 1, included: &included) }
        tagCount = byID.count
        brokenCycles = broken
        omitted = byID.count - included
    }

    /// Removes one parent link from every cycle; returns the ids that lost their parent.
    ///
    /// Walks each id's parent chain, colouring ids on the current path; meeting an id already on
    /// the path closes a cycle. Every id is walked at most once overall: O(n).
    private static func breakCycles(_ parents: inout [String: String]) -> [String] {
        enum Mark { case onPath, done }
        var marks: [String: Mark] = [:]
        var broken: [String] = []
        for start in parents.keys.sorted() where marks[start] == nil {
            var path: [String] = []
            var current: String? = start
            while let id = current, marks[id] == nil {
                marks[id] = .onPath
                path.append(id)
                current = parents[id]
            }

            if let id = current, marks[id] == .onPath, let cycleStart = path.firstIndex(of: id) {
                let smallest = path[cycleStart...].min() ?? id
                parents[smallest] = nil
                broken.append(smallest)
            }
            path.forEach { marks[$0] = .done }
        }
        return broken
    }

    /// Renders branches top-down, stopping at the maximum depth.
    private struct Builder {
        let byID: [String: Tag]
        let children: [String: [String]]
        let maximumDepth: Int

        func branch(_ id: String, depth: Int, included: inout Int) -> Branch {
            included += 1
            let kids = depth < maximumDepth ? children[id] ?? [] : []
            return Branch(
                id: id,
                title: byID[id]?.title,
                children: kids.map { branch($0, depth: depth + 1, included: &included) })
        }
    }
}
