import Foundation

extension InMemoryGraphStore {
    /// The parts of one relationship a weight pass does not touch: its key, properties and
    /// canonical text. The rest is in the ``WeightFields`` at the same index.
    struct RelationshipSlot {
        var key: RelationshipKey
        var properties: Properties
        /// `key.description`, cached because keyset order compares it.
        var uid: String
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
                slots[Int(slot)].properties = relationship.properties
            } else {
                insert(relationship.truncatedToMilliseconds)
            }
        }
    }

    /// Appends a relationship in a new slot with the next serial.
    private mutating func insert(_ relationship: Relationship) {
        let key = relationship.key
        let timeline = timelineByTarget[key.to] ?? -1
        let stored = InMemoryGraphStore.RelationshipSlot(
            key: key, properties: relationship.properties, uid: key.description)
        let slot = Int32(slots.count)
        slots.append(stored)
        fields.append(
            InMemoryGraphStore.WeightFields(
                relationship, serial: nextSerial, timeline: timeline,
                targetLatest: timeline >= 0 ? timelines.latest(timeline) : .min))
        nextSerial += 1

        if let last = relationshipOrder.last, stored.uid < slots[Int(last)].uid {
            relationshipOrderIsSorted = false
        }
        relationshipOrder.append(slot)
        slotByKey[key] = slot
        adjacency[key.from, default: []].append(slot)
        if key.to != key.from { adjacency[key.to, default: []].append(slot) }
    }

    /// Unlinks a relationship and marks its slot dead; ``compactIfSparse()`` reclaims it later.
    mutating func removeRelationship(at slot: Int32) {
        let key = slots[Int(slot)].key
        slotByKey[key] = nil
        fields[Int(slot)].isLive = false
        adjacency[key.from]?.removeAll { $0 == slot }
        if key.to != key.from { adjacency[key.to]?.removeAll { $0 == slot } }
        deadSlots += 1
        relationshipOrderHasDead = true
    }

    mutating func delete(relationships keys: [RelationshipKey]) -> Int {
        var deleted = 0
        for key in keys {
            guard let slot = slotByKey[key] else { continue }
            removeRelationship(at: slot)
            deleted += 1
        }
        compactIfSparse()
        return deleted
    }

    /// Applies weight writes; O(1) per write when writes follow the last page handed out.
    mutating func write(weights writes: [WeightWrite]) -> Int {
        var updated = 0
        var hint = 0
        for write in writes {
            guard let slot = locate(write.key, hint: &hint) else { continue }
            fields[Int(slot)].apply(
                weight: write.weight, updatedAt: write.updatedAt.epochMilliseconds,
                boostedThrough: write.boostedThrough,
                lastInteractionAt: write.lastInteractionAt)
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
            if fields[Int(slot)].isLive, slots[Int(slot)].key == key {
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

// MARK: - Compaction

extension InMemoryGraphStore.State {
    /// How many dead slots may accumulate before compaction is considered at all.
    static let compactionThreshold = 1_024

    /// Removes dead slots once they outnumber the live ones; amortised O(1) per deletion.
    ///
    /// Slots keep their order and serials, so the keyset index stays sorted and weight-pass
    /// positions stay valid; every index that names slots is renumbered.
    mutating func compactIfSparse() {
        guard deadSlots > Self.compactionThreshold, deadSlots * 2 > slots.count else { return }
        var renumbered = [Int32](repeating: -1, count: slots.count)
        var kept = 0
        for index in slots.indices where fields[index].isLive {
            renumbered[index] = Int32(kept)
            slots[kept] = slots[index]
            fields[kept] = fields[index]
            kept += 1
        }
        slots.removeLast(slots.count - kept)
        fields.removeLast(fields.count - kept)
        deadSlots = 0

        relationshipOrder = relationshipOrder.compactMap { renumbered[Int($0)] >= 0 ? renumbered[Int($0)] : nil }
        relationshipOrderHasDead = false
        lastPage.removeAll()
        slotByKey = slotByKey.mapValues { renumbered[Int($0)] }
        adjacency = adjacency.mapValues { $0.map { renumbered[Int($0)] } }
    }
}

// MARK: - Reads

extension InMemoryGraphStore.State {
    /// The relationship stored at `slot`, assembled from its slot and weight fields.
    func relationship(at slot: Int32) -> Relationship {
        let stored = slots[Int(slot)]
        let weights = fields[Int(slot)]
        return Relationship(
            key: stored.key, weight: weights.weight, createdAt: Date(epochMilliseconds: weights.createdAt),
            updatedAt: Date(epochMilliseconds: weights.updatedAt), lastInteractionAt: weights.lastInteractionDate,
            boostedThrough: weights.boostedThroughDate, properties: stored.properties)
    }

    /// Drops dead slots from the keyset index and sorts it if writes left it stale.
    mutating func prepareRelationshipOrder() {
        if relationshipOrderHasDead {
            let fields = self.fields
            relationshipOrder.removeAll { !fields[Int($0)].isLive }
            relationshipOrderHasDead = false
        }
        if !relationshipOrderIsSorted {
            let slots = self.slots
            relationshipOrder.sort { slots[Int($0)].uid < slots[Int($1)].uid }
            relationshipOrderIsSorted = true
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
            guard visit(relationship(at: relationshipOrder[position])) else { return }
            position += 1
        }
    }

    /// A page of relationships written before `updatedBefore`, remembered as the last page.
    mutating func staleRelationships(updatedBefore: Date, after: RelationshipKey?, limit: Int) -> [Relationship] {
        lastPage.removeAll(keepingCapacity: true)
        guard limit > 0 else { return [] }
        var position = relationshipStart(after: after)
        let staleBefore = Self.firstMillisecond(notBefore: updatedBefore)
        var page: [Relationship] = []
        page.reserveCapacity(min(limit, 4_096))
        while position < relationshipOrder.count, page.count < limit {
            let slot = relationshipOrder[position]
            if fields[Int(slot)].updatedAt < staleBefore {
                page.append(relationship(at: slot))
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
            for slot in adjacency[key] ?? [] where fields[Int(slot)].weight >= minimumWeight {
                found.insert(slot)
            }
        }
        return sortedRelationships(found)
    }

    private func sortedRelationships(_ found: Set<Int32>) -> [Relationship] {
        found.sorted { slots[Int($0)].uid < slots[Int($1)].uid }.map { relationship(at: $0) }
    }

    /// The first whole millisecond `m` with `Date(epochMilliseconds: m) >= date`, so that for a
    /// stored time `t`, `t < m` exactly when the stored date is before `date`.
    static func firstMillisecond(notBefore date: Date) -> Int64 {
        var millis = date.epochMilliseconds
        while millis < .max, Date(epochMilliseconds: millis) < date { millis += 1 }
        while millis > .min, Date(epochMilliseconds: millis - 1) >= date { millis -= 1 }
        return millis
    }
}
