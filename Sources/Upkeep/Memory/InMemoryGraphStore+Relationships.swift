import Foundation

extension InMemoryGraphStore {
    /// One relationship's storage: the value, its canonical text and its target's timeline.
    struct RelationshipSlot {
        var relationship: Relationship
        /// `relationship.key.description`, cached because keyset order compares it.
        var uid: String
        var isLive: Bool
        /// The index of the target's interaction timeline, or -1 while it has none.
        var timeline: Int32
        /// The target's latest interaction time in epoch milliseconds, or `Int64.min` for none.
        var targetLatest: Int64
    }
}

// MARK: - Writes

extension InMemoryGraphStore.State {
    /// Checks types, endpoint labels and endpoint existence before anything is written.
    func validate(
        relationships: [Relationship],
        operation: String,
        nodeExists: (NodeKey) -> Bool
    ) throws {
        for relationship in relationships {
            let key = relationship.key
            guard key.type.isValid else {
                throw Self.invalid(operation, "relationship \(key) has an invalid type '\(key.type.rawValue)'")
            }
            for endpoint in [key.from, key.to] where !nodeExists(endpoint) {
                throw StoreError(
                    .notFound, store: .graph, operation: operation,
                    message: "endpoint \(endpoint) of relationship \(key) does not exist")
            }
        }
    }

    /// Inserts new relationships and replaces the properties of existing ones; weights and the
    /// job-owned times of existing relationships stay as they are.
    mutating func upsert(relationships batch: [Relationship]) {
        for relationship in batch {
            if let slot = slotByKey[relationship.key] {
                slots[Int(slot)].relationship.properties = relationship.properties
            } else {
                insert(relationship.truncatedToMilliseconds)
            }
        }
    }

    private mutating func insert(_ relationship: Relationship) {
        let key = relationship.key
        let timeline = timelineByTarget[key.to] ?? -1
        let stored = InMemoryGraphStore.RelationshipSlot(
            relationship: relationship, uid: key.description, isLive: true, timeline: timeline,
            targetLatest: timeline >= 0 ? timelines.latest(timeline) : .min)
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(slot)] = stored
        } else {
            slot = Int32(slots.count)
            slots.append(stored)
        }

        if let last = relationshipOrder.last, stored.uid < slots[Int(last)].uid {
            relationshipOrderIsSorted = false
        }
        relationshipOrder.append(slot)
        slotByKey[key] = slot
        adjacency[key.from, default: []].append(slot)
        if key.to != key.from { adjacency[key.to, default: []].append(slot) }
    }

    /// Unlinks a relationship; its slot is reused once the order index has been compacted.
    mutating func removeRelationship(at slot: Int32) {
        let key = slots[Int(slot)].relationship.key
        slotByKey[key] = nil
        slots[Int(slot)].isLive = false
        adjacency[key.from]?.removeAll { $0 == slot }
        if key.to != key.from { adjacency[key.to]?.removeAll { $0 == slot } }
        releasedSlots.append(slot)
    }

    mutating func delete(relationships keys: [RelationshipKey]) -> Int {
        var deleted = 0
        for key in keys {
            guard let slot = slotByKey[key] else { continue }
            removeRelationship(at: slot)
            deleted += 1
        }
        return deleted
    }

    /// Applies weight writes; O(1) per write when writes follow the last page handed out.
    mutating func write(weights writes: [WeightWrite]) -> Int {
        var updated = 0
        var hint = 0
        for write in writes {
            guard let slot = locate(write.key, hint: &hint) else { continue }
            let index = Int(slot)
            slots[index].relationship.weight = write.weight
            slots[index].relationship.updatedAt = write.updatedAt.truncatedToMilliseconds
            if let boostedThrough = write.boostedThrough {
                slots[index].relationship.boostedThrough = boostedThrough.truncatedToMilliseconds
            }
            if let lastInteractionAt = write.lastInteractionAt {
                slots[index].relationship.lastInteractionAt = lastInteractionAt.truncatedToMilliseconds
            }
            updated += 1
        }
        return updated
    }

    /// Finds a live relationship's slot, first among the next few entries of the last page from
    /// `hint` (comparing keys, with no hashing), then through the key dictionary.
    func locate(_ key: RelationshipKey, hint: inout Int) -> Int32? {
        let end = min(lastPage.count, hint + Self.hintProbe)
        var position = hint
        while position < end {
            let slot = lastPage[position]
            if slots[Int(slot)].isLive, slots[Int(slot)].relationship.key == key {
                hint = position + 1
                return slot
            }
            position += 1
        }
        return slotByKey[key]
    }

    /// How many entries of the last page a lookup checks before it falls back to hashing.
    static let hintProbe = 8
}

// MARK: - Reads

extension InMemoryGraphStore.State {
    /// Compacts and sorts the relationship index if writes left it stale.
    mutating func prepareRelationshipOrder() {
        if !releasedSlots.isEmpty {
            let slots = self.slots
            relationshipOrder.removeAll { !slots[Int($0)].isLive }
            freeSlots.append(contentsOf: releasedSlots)
            releasedSlots.removeAll()
        }
        if !relationshipOrderIsSorted {
            let slots = self.slots
            relationshipOrder.sort { slots[Int($0)].uid < slots[Int($1)].uid }
            relationshipOrderIsSorted = true
            storeSlotsInKeyOrder()
        }
    }

    /// Rewrites the slot array in key order, so scans and the weight writes that follow them
    /// read memory sequentially instead of jumping between slots; O(n) plus re-indexing.
    ///
    /// Runs only after inserts left the index unsorted, which bulk loads do once; deletions keep
    /// the layout and leave holes that later inserts reuse.
    private mutating func storeSlotsInKeyOrder() {
        slots = relationshipOrder.map { slots[Int($0)] }
        relationshipOrder = Array(0..<Int32(slots.count))
        freeSlots.removeAll()
        lastPage.removeAll()
        slotByKey.removeAll(keepingCapacity: true)
        adjacency.removeAll(keepingCapacity: true)
        for (index, slot) in slots.enumerated() {
            let key = slot.relationship.key
            slotByKey[key] = Int32(index)
            adjacency[key.from, default: []].append(Int32(index))
            if key.to != key.from { adjacency[key.to, default: []].append(Int32(index)) }
        }
    }

    /// The position in the order index of the first relationship after `after`; O(log n).
    mutating func relationshipStart(after: RelationshipKey?) -> Int {
        prepareRelationshipOrder()
        guard let after else { return 0 }
        let uid = after.description
        let slots = self.slots
        return InMemoryIndex.partitionPoint(relationshipOrder) { slots[Int($0)].uid > uid }
    }

    /// Calls `visit` with relationships in key order after `after` until it returns false.
    mutating func walkRelationships(after: RelationshipKey?, _ visit: (Relationship) -> Bool) {
        var position = relationshipStart(after: after)
        while position < relationshipOrder.count {
            guard visit(slots[Int(relationshipOrder[position])].relationship) else { return }
            position += 1
        }
    }

    /// A page of relationships written before `updatedBefore`, remembered as the last page.
    mutating func staleRelationships(updatedBefore: Date, after: RelationshipKey?, limit: Int) -> [Relationship] {
        lastPage.removeAll(keepingCapacity: true)
        guard limit > 0 else { return [] }
        var position = relationshipStart(after: after)
        var page: [Relationship] = []
        page.reserveCapacity(min(limit, 4_096))
        while position < relationshipOrder.count, page.count < limit {
            let slot = relationshipOrder[position]
            if slots[Int(slot)].relationship.updatedAt < updatedBefore {
                page.append(slots[Int(slot)].relationship)
                lastPage.append(slot)
            }
            position += 1
        }
        return page
    }

    func relationships(_ keys: [RelationshipKey]) -> [Relationship] {
        sortedRelationships(Set(keys.compactMap { slotByKey[$0] }))
    }

    func relationships(touching keys: [NodeKey], minimumWeight: Double) -> [Relationship] {
        var found = Set<Int32>()
        for key in keys {
            for slot in adjacency[key] ?? [] where slots[Int(slot)].relationship.weight >= minimumWeight {
                found.insert(slot)
            }
        }
        return sortedRelationships(found)
    }

    private func sortedRelationships(_ found: Set<Int32>) -> [Relationship] {
        found.sorted { slots[Int($0)].uid < slots[Int($1)].uid }.map { slots[Int($0)].relationship }
    }
}
