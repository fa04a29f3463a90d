import Foundation

extension SyncPlanner {
    /// The graph node that mirrors a live row.
    ///
    /// Its properties are the row's fields (less ``reservedProperties``) plus `status`, `starred`
    /// and, when the row has an owner, `owner` as `User:<id>`. Its times are the row's, so the
    /// graph's consistency digest matches the record store's.
    public func node(for record: Record) -> Node {
        var properties = record.fields.filter { !Self.reservedProperties.contains($0.key) }
        properties[Node.Property.status] = .string(record.status.rawValue)
        properties[Self.starredProperty] = .bool(record.isStarred)
        if let ownerID = record.ownerID {
            properties[Node.Property.owner] = .string(NodeKey(.user, ownerID).description)
        }
        return Node(
            key: record.nodeKey, properties: properties,
            createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    /// A stand-in for a node whose row has not arrived yet: `placeholder = true` and nothing else.
    ///
    /// `at` is the `updatedAt` of the earliest row that needed it. Stores leave placeholders out
    /// of consistency digests.
    public func placeholder(for key: NodeKey, at date: Date) -> Node {
        let properties: Properties = [Node.Property.placeholder: .bool(true)]
        return Node(key: key, properties: properties, createdAt: date, updatedAt: date)
    }

    /// The `CREATED` and `TAGGED_WITH` edges a live linked row should have, in a stable order.
    ///
    /// `CREATED` runs from the owner's `User` node to the item and is stamped with the row's
    /// creation time; `TAGGED_WITH` runs from the item to each distinct tag and is stamped with
    /// the row's `updatedAt`, the version that attached it. Both start at ``edgeWeight``; the
    /// relationships job owns the weight afterwards.
    public func edges(for record: Record) -> [Relationship] {
        var edges: [Relationship] = []
        if let ownerID = record.ownerID {
            let key = RelationshipKey(.created, from: NodeKey(.user, ownerID), to: record.nodeKey)
            edges.append(Relationship(key: key, weight: edgeWeight, createdAt: record.createdAt))
        }

        var seen = Set<Int64>()
        for tagID in record.tagIDs where seen.insert(tagID).inserted {
            let key = RelationshipKey(.taggedWith, from: record.nodeKey, to: NodeKey(.tag, tagID))
            edges.append(Relationship(key: key, weight: edgeWeight, createdAt: record.updatedAt))
        }
        return edges
    }

    /// The owner and tag nodes a linked row's edges end at.
    func endpointKeys(of record: Record) -> [NodeKey] {
        var keys = record.tagIDs.map { NodeKey(.tag, $0) }
        if let ownerID = record.ownerID { keys.append(NodeKey(.user, ownerID)) }
        return keys
    }
}
