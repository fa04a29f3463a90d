import Foundation

extension InMemoryGraphStore {
    /// Everything the graph holds, guarded by the store's mutex.
    ///
    /// Keyset indexes are kept lazily: writes append to them and mark them unsorted or holding
    /// deleted entries, and the next scan sorts (the appended tail merges in O(n + k log k)) and
    /// compacts them once, so bulk loads do not re-sort per batch.
    struct State {
        // MARK: - Nodes

        var nodes: [NodeKey: Node] = [:]
        /// Every node key, sorted when ``nodeOrderIsSorted`` and free of deleted keys when
        /// ``nodeOrderHasDeleted`` is false.
        var nodeOrder: [NodeKey] = []
        var nodeOrderIsSorted = true
        var nodeOrderHasDeleted = false
        var nodeCounts: [NodeLabel: Int] = [:]
        /// Owner key to the keys of the nodes whose `owner` property names it.
        var owned: [NodeKey: Set<NodeKey>] = [:]
        /// Node key to the slots of the relationships that start or end at it.
        var adjacency: [NodeKey: [Int32]] = [:]

        // MARK: - Relationships

        /// Relationships in weight-pass order (serial order); a deleted one leaves a dead slot
        /// until ``compactIfSparse()`` removes it.
        var slots: [RelationshipSlot] = []
        /// The weight fields of each slot, at the same index.
        var fields: [WeightFields] = []
        var slotByKey: [RelationshipKey: Int32] = [:]
        var deadSlots = 0
        /// The serial the next inserted relationship gets.
        var nextSerial: Int64 = 0
        /// Slots in canonical text order, once sorted and cleared of dead slots.
        var relationshipOrder: [Int32] = []
        var relationshipOrderIsSorted = true
        var relationshipOrderHasDead = false
        /// The slots of the last page of relationships handed out, in page order.
        var lastPage: [Int32] = []

        // MARK: - Interactions and sync

        var interactionIDs: Set<String> = []
        var timelineByTarget: [NodeKey: Int32] = [:]
        var timelines = InMemoryGraphStore.Timelines()
        var latestInteractionByUser: [NodeKey: Int64] = [:]
        var checkpoints: [String: SyncCheckpoint] = [:]
    }
}

// MARK: - Validation

extension InMemoryGraphStore.State {
    static func invalid(_ operation: String, _ message: String) -> StoreError {
        StoreError(.invalidInput, store: .graph, operation: operation, message: message)
    }

    static func validate(nodes: [Node], operation: String) throws {
        for node in nodes where !node.key.label.isValid {
            throw invalid(operation, "node \(node.key) has an invalid label '\(node.key.label.rawValue)'")
        }
    }

    /// The key named by a node's `owner` property, when it parses as `Label:id`.
    static func owner(of node: Node) -> NodeKey? {
        node.properties[Node.Property.owner]?.stringValue.flatMap(NodeKey.init(parsing:))
    }
}

// MARK: - Node writes

extension InMemoryGraphStore.State {
    mutating func upsert(nodes batch: [Node]) {
        for original in batch {
            let node = original.truncatedToMilliseconds
            if let existing = nodes.updateValue(node, forKey: node.key) {
                reindexOwner(of: node.key, from: Self.owner(of: existing), to: Self.owner(of: node))
                continue
            }
            if let last = nodeOrder.last, node.key < last { nodeOrderIsSorted = false }
            nodeOrder.append(node.key)
            nodeCounts[node.key.label, default: 0] += 1
            reindexOwner(of: node.key, from: nil, to: Self.owner(of: node))
        }
    }

    private mutating func reindexOwner(of key: NodeKey, from old: NodeKey?, to new: NodeKey?) {
        guard old != new else { return }
        if let old {
            owned[old]?.remove(key)
            if owned[old]?.isEmpty == true { owned[old] = nil }
        }
        if let new { owned[new, default: []].insert(key) }
    }

    mutating func delete(nodes keys: [NodeKey]) -> Int {
        var deleted = 0
        for key in keys {
            guard let node = nodes.removeValue(forKey: key) else { continue }
            for slot in adjacency[key] ?? [] { removeRelationship(at: slot) }
            adjacency[key] = nil
            reindexOwner(of: key, from: Self.owner(of: node), to: nil)
            nodeCounts[key.label, default: 1] -= 1
            nodeOrderHasDeleted = true
            deleted += 1
        }
        compactIfSparse()
        return deleted
    }
}

// MARK: - Node scans

extension InMemoryGraphStore.State {
    /// Sorts and compacts the node index if writes left it unsorted or holding deleted keys.
    mutating func prepareNodeOrder() {
        if nodeOrderHasDeleted {
            let nodes = self.nodes
            nodeOrder.removeAll { nodes[$0] == nil }
            nodeOrderHasDeleted = false
        }
        if !nodeOrderIsSorted {
            nodeOrder.sort()
            nodeOrderIsSorted = true
        }
    }

    /// Calls `visit` with the nodes of `labels` in key order after `after` until it returns false.
    ///
    /// Keys order by label first, so each label is one contiguous run of the index: the walk
    /// seeks to each run in O(log n) and reads only the nodes it visits.
    mutating func walkNodes(labels: Set<NodeLabel>, after: NodeKey?, _ visit: (Node) -> Bool) {
        prepareNodeOrder()
        for label in labels.sorted() {
            if let after, after.label > label { continue }
            let start: Int
            if let after, after.label == label {
                start = InMemoryIndex.partitionPoint(nodeOrder) { $0 > after }
            } else {
                start = InMemoryIndex.partitionPoint(nodeOrder) { $0 >= NodeKey(label, "") }
            }
            var index = start
            while index < nodeOrder.count, nodeOrder[index].label == label {
                if let node = nodes[nodeOrder[index]], !visit(node) { return }
                index += 1
            }
        }
    }

    mutating func orphans(labels: Set<NodeLabel>, createdBefore: Date, after: NodeKey?, limit: Int) -> [NodeKey] {
        guard limit > 0 else { return [] }
        let adjacency = self.adjacency
        var page: [NodeKey] = []
        walkNodes(labels: labels, after: after) { node in
            if node.createdAt < createdBefore, adjacency[node.key, default: []].isEmpty {
                page.append(node.key)
            }
            return page.count < limit
        }
        return page
    }

    func ownedItems(by users: [NodeKey], labels: Set<NodeLabel>) -> [NodeKey: [OwnedItem]] {
        var result: [NodeKey: [OwnedItem]] = [:]
        for user in Set(users) {
            let items = (owned[user] ?? []).compactMap { key -> OwnedItem? in
                guard labels.contains(key.label), let node = nodes[key] else { return nil }
                return OwnedItem(key: key, owner: user, createdAt: node.createdAt)
            }
            if !items.isEmpty { result[user] = items.sorted { $0.key < $1.key } }
        }
        return result
    }
}
