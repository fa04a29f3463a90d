extension ConsistencyCheck {
    /// One id whose graph node disagrees with its source row.
    public struct Drift: Hashable, Sendable, CustomStringConvertible {
        /// How the graph disagrees with the source.
        public enum Problem: String, Hashable, Sendable, Codable {
            /// The row is live but the graph has no node for it, or only a placeholder.
            case missingInGraph
            /// The graph has a real node but the row is deleted or does not exist.
            case extraInGraph
            /// Both exist but the node's `updatedAt` is not the row's.
            case stale
        }

        /// The row's kind.
        public var kind: RecordKind
        /// The row's id.
        public var id: Int64
        /// How the graph disagrees.
        public var problem: Problem

        /// Creates a drift.
        public init(kind: RecordKind, id: Int64, problem: Problem) {
            self.kind = kind
            self.id = id
            self.problem = problem
        }

        /// The drift as `kind id: problem`, for report notes.
        public var description: String { "\(kind) \(id): \(problem.rawValue)" }
    }

    /// Compares rows with nodes one by one and names the ids that drifted.
    ///
    /// A row counts when it is live (active or archived); a node counts when it is not a
    /// placeholder, matching what the two sides' digests cover. Times are compared in whole
    /// milliseconds, the precision stores keep.
    ///
    /// - Parameters:
    ///   - kind: The kind of the rows.
    ///   - ids: The ids to compare, such as every id of the mismatched leaves.
    ///   - records: The rows of `kind` among `ids` that exist, deleted ones included.
    ///   - nodes: The nodes among `ids`' keys that exist.
    /// - Returns: The drifted ids in ascending order. O(i + r + n).
    public static func drifts(
        kind: RecordKind,
        ids: [Int64],
        records: [Record],
        nodes: [Node]
    ) -> [Drift] {
        let liveRows = Dictionary(
            records.lazy.filter { $0.kind == kind && $0.status != .deleted }.map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first })
        let realNodes = Dictionary(
            nodes.lazy.filter { !Self.isPlaceholder($0) }.map { ($0.key, $0) },
            uniquingKeysWith: { first, _ in first })

        var drifts: [Drift] = []
        for id in Set(ids).sorted() {
            let row = liveRows[id]
            let node = realNodes[NodeKey(kind.nodeLabel, id)]
            switch (row, node) {
            case (.some, .none):
                drifts.append(Drift(kind: kind, id: id, problem: .missingInGraph))
            case (.none, .some):
                drifts.append(Drift(kind: kind, id: id, problem: .extraInGraph))
            case (.some(let row), .some(let node))
            where row.updatedAt.epochMilliseconds != node.updatedAt.epochMilliseconds:
                drifts.append(Drift(kind: kind, id: id, problem: .stale))
            default:
                continue
            }
        }
        return drifts
    }

    /// Whether a node is a placeholder created before its source row arrived.
    static func isPlaceholder(_ node: Node) -> Bool {
        node.properties[Node.Property.placeholder]?.boolValue == true
    }
}
