import Foundation

/// Turns a page of source rows into the graph writes that mirror it: the pure half of the sync job.
///
/// The planner does no I/O. The caller asks which graph facts a page needs
/// (``lookupKeys(for:)`` and ``linkedItems(in:)``), fetches them with one
/// ``GraphStore/nodes(_:)`` and one ``GraphStore/relationships(touching:minimumWeight:)`` call,
/// looks up the rows of the endpoints still missing (``missingEndpoints(in:existingKeys:)``,
/// usually none) with ``RecordStore/records(kind:ids:)``, and hands the answers to
/// ``plan(_:facts:)``. The rules:
///
/// - An active or archived row upserts its node (``node(for:)``); an archived row's node stays in
///   the graph with `status = archived`, so relationship history and statistics keep it, and the
///   cleanup job's orphan and weak-edge rules decide its fate. A deleted row deletes its node and,
///   with it, every relationship touching it.
/// - A live note or event gets a `CREATED` edge from its owner's `User` node and a `TAGGED_WITH`
///   edge to each of its tags. An endpoint that is not in the graph yet gets a placeholder node
///   (``placeholder(for:at:)``), so the edge is never silently dropped; the real row's upsert
///   replaces the placeholder's properties when it arrives. An existing node, real or
///   placeholder, is never overwritten by a placeholder. An endpoint whose row is deleted (in
///   the page or in ``Facts/deletedEndpoints``) gets neither placeholder nor edge, the state its
///   deletion left behind.
/// - `CREATED` edges from another user and `TAGGED_WITH` edges to tags the row no longer carries
///   are deleted. Other relationships of the item (such as `RELATED_TO`) are left alone.
///
/// Two things the planner cannot do, because the record store cannot list a user's or a tag's
/// items: a user or tag row that comes back after being deleted gets its node again, but its
/// items' edges only when those items next change; and a placeholder no row needs any more stays
/// (the cleanup job removes tags among them as orphans, not users).
///
/// Planning the same page against the graph it produced yields only the same node upserts, so
/// applying a page twice leaves the graph as applying it once.
///
/// Complexity: O(r + t + e) for r rows carrying t tag references in total, and e relationships
/// in the facts.
public struct SyncPlanner: Hashable, Sendable {
    /// The node property holding whether the user starred the row.
    public static let starredProperty = "starred"

    /// Node properties the planner sets itself; a row's fields of the same name are ignored.
    public static let reservedProperties: Set<String> = [
        Node.Property.status, Node.Property.owner, Node.Property.placeholder, starredProperty,
    ]

    /// The kinds whose rows are linked to their owner and tags: notes and events by default.
    public var linkedKinds: Set<RecordKind>
    /// The weight of a new `CREATED` or `TAGGED_WITH` relationship, in `[0, 1]`.
    public var edgeWeight: Double

    /// Creates a planner.
    ///
    /// - Parameters:
    ///   - linkedKinds: The kinds whose rows get `CREATED` and `TAGGED_WITH` edges.
    ///   - edgeWeight: The weight of new edges; clamped to `[0, 1]`, and 1 when not finite.
    public init(linkedKinds: Set<RecordKind> = [.note, .event], edgeWeight: Double = 1) {
        self.linkedKinds = linkedKinds
        self.edgeWeight = edgeWeight.isFinite ? min(max(edgeWeight, 0), 1) : 1
    }

    // MARK: - Facts a page needs

    /// The nodes whose existence ``plan(_:facts:)`` must know: the owners and tags of live linked
    /// rows, and the nodes of deleted rows. Sorted and without duplicates.
    public func lookupKeys(for records: [Record]) -> [NodeKey] {
        var keys = Set<NodeKey>()
        for record in records {
            if record.status == .deleted {
                keys.insert(record.nodeKey)
            } else if linkedKinds.contains(record.kind) {
                keys.formUnion(endpointKeys(of: record))
            }
        }
        return keys.sorted()
    }

    /// The owners and tags of live linked rows that are not in the graph and not written by the
    /// page itself: the endpoints that would get placeholders. Sorted and without duplicates.
    ///
    /// The caller looks their rows up and passes the deleted ones as
    /// ``Facts/deletedEndpoints``, so a deleted user or tag is not brought back as a placeholder.
    public func missingEndpoints(in records: [Record], existingKeys: Set<NodeKey>) -> [NodeKey] {
        let ownKeys = Set(records.map(\.nodeKey))
        var missing = Set<NodeKey>()
        for record in records where record.status != .deleted && linkedKinds.contains(record.kind) {
            missing.formUnion(endpointKeys(of: record))
        }
        return missing.subtracting(existingKeys).subtracting(ownKeys).sorted()
    }

    /// The live linked rows' nodes, whose relationships ``plan(_:facts:)`` must see to remove
    /// edges that no longer hold. Sorted and without duplicates.
    public func linkedItems(in records: [Record]) -> [NodeKey] {
        let keys = records.lazy
            .filter { $0.status != .deleted && linkedKinds.contains($0.kind) }
            .map(\.nodeKey)
        return Set(keys).sorted()
    }

    // MARK: - Planning

    /// Plans the graph writes that mirror `records`.
    ///
    /// - Parameters:
    ///   - records: A page of rows, at most one per kind and id, in any order.
    ///   - facts: The graph as it is before the page: the existing nodes among
    ///     ``lookupKeys(for:)`` and the relationships touching ``linkedItems(in:)``.
    /// - Returns: The batch to apply and what it does.
    public func plan(_ records: [Record], facts: Facts) -> Plan {
        var plan = Plan()
        var upserted = Set<NodeKey>()
        var deleted = Set<NodeKey>()
        for record in records where record.status == .deleted {
            deleted.insert(record.nodeKey)
            guard facts.existingKeys.contains(record.nodeKey) else { continue }
            plan.batch.deleteNodes.append(record.nodeKey)
            plan.summary.nodesDeleted += 1
        }

        for record in records where record.status != .deleted {
            plan.batch.upsertNodes.append(node(for: record))
            upserted.insert(record.nodeKey)
            plan.summary.nodesUpserted += 1
            if record.status == .archived { plan.summary.nodesArchived += 1 }
        }

        let linked = records.filter { $0.status != .deleted && linkedKinds.contains($0.kind) }
        let known = facts.existingKeys.union(upserted)
        let gone = deleted.union(facts.deletedEndpoints)
        planEdges(for: linked, facts: facts, known: known, deleted: gone, into: &plan)
        return plan
    }

    /// Adds the edges of live linked rows, their placeholder endpoints, and the removal of edges
    /// that no longer hold.
    private func planEdges(
        for records: [Record],
        facts: Facts,
        known: Set<NodeKey>,
        deleted: Set<NodeKey>,
        into plan: inout Plan
    ) {
        let wanted = records.map { (record: $0, edges: edges(for: $0)) }
        let existingEdges = Set(facts.relationships.map(\.key))
        var placeholders: [Node] = []
        var placeholderIndex: [NodeKey: Int] = [:]
        for (record, edges) in wanted {
            for edge in edges {
                let endpoint = edge.key.type == .created ? edge.key.from : edge.key.to
                guard !deleted.contains(endpoint), !existingEdges.contains(edge.key) else { continue }
                plan.batch.upsertRelationships.append(edge)
                plan.summary.edgesCreated += 1
                guard !known.contains(endpoint) else { continue }
                if let index = placeholderIndex[endpoint] {
                    let earliest = min(placeholders[index].createdAt, record.updatedAt)
                    placeholders[index] = placeholder(for: endpoint, at: earliest)
                } else {
                    placeholderIndex[endpoint] = placeholders.count
                    placeholders.append(placeholder(for: endpoint, at: record.updatedAt))
                }
            }
        }

        plan.batch.upsertNodes += placeholders
        plan.summary.placeholdersCreated = placeholders.count
        let obsolete = obsoleteEdges(among: facts.relationships, wanted: wanted)
        plan.batch.deleteRelationships = obsolete
        plan.summary.edgesRemoved = obsolete.count
    }

    /// The existing `CREATED` and `TAGGED_WITH` edges of the rows in `wanted` that those rows no
    /// longer justify, in key order.
    private func obsoleteEdges(
        among relationships: [Relationship],
        wanted: [(record: Record, edges: [Relationship])]
    ) -> [RelationshipKey] {
        guard !relationships.isEmpty else { return [] }
        var expected: [NodeKey: Set<RelationshipKey>] = [:]
        for (record, edges) in wanted {
            expected[record.nodeKey] = Set(edges.map(\.key))
        }

        var obsolete = Set<RelationshipKey>()
        for relationship in relationships {
            let key = relationship.key
            let item: NodeKey
            switch key.type {
            case .created where key.from.label == .user: item = key.to
            case .taggedWith where key.to.label == .tag: item = key.from
            default: continue
            }
            if let justified = expected[item], !justified.contains(key) { obsolete.insert(key) }
        }
        return obsolete.sorted()
    }
}
