import Foundation
import Upkeep

/// Small builders of records, nodes, relationships and interactions for tests.
///
/// Every builder has defaults, so a test states only what matters to it. Times default to
/// ``epoch``, the instant a fresh ``ManualClock`` reads, and are whole milliseconds, the
/// precision every store keeps.
public enum Fixture {
    /// 2026-01-01T00:00:00Z, the default time of every fixture and of a fresh ``ManualClock``.
    public static let epoch = Date(epochMilliseconds: 1_767_225_600_000)

    /// A date `seconds` after ``epoch``, rounded down to whole milliseconds.
    public static func time(_ seconds: Double) -> Date {
        Date(epochMilliseconds: epoch.epochMilliseconds + Int64((seconds * 1000).rounded(.down)))
    }

    // MARK: - Records

    /// A user row.
    public static func user(_ id: Int64, name: String? = nil, createdAt: Date = epoch) -> Record {
        Record(kind: .user, id: id, fields: ["name": .string(name ?? "user \(id)")], createdAt: createdAt)
    }

    /// A tag row.
    public static func tag(_ id: Int64, name: String? = nil, createdAt: Date = epoch) -> Record {
        Record(kind: .tag, id: id, fields: ["title": .string(name ?? "tag-\(id)")], createdAt: createdAt)
    }

    /// A note row owned by `owner`.
    public static func note(
        id: Int64,
        owner: Int64,
        tags: [Int64] = [],
        title: String? = nil,
        status: RecordStatus = .active,
        starred: Bool = false,
        createdAt: Date = epoch,
        updatedAt: Date? = nil
    ) -> Record {
        Record(
            kind: .note, id: id, ownerID: owner, tagIDs: tags, fields: ["title": .string(title ?? "note \(id)")],
            status: status, isStarred: starred, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// An event row owned by `owner`.
    public static func event(
        id: Int64,
        owner: Int64,
        tags: [Int64] = [],
        title: String? = nil,
        status: RecordStatus = .active,
        createdAt: Date = epoch,
        updatedAt: Date? = nil
    ) -> Record {
        Record(
            kind: .event, id: id, ownerID: owner, tagIDs: tags, fields: ["title": .string(title ?? "event \(id)")],
            status: status, createdAt: createdAt, updatedAt: updatedAt)
    }

    // MARK: - Graph

    /// A node with an optional title and owner.
    public static func node(
        _ label: NodeLabel,
        _ id: Int64,
        title: String? = nil,
        owner: Int64? = nil,
        createdAt: Date = epoch,
        updatedAt: Date? = nil
    ) -> Node {
        var properties: Properties = [:]
        if let title { properties[Node.Property.title] = .string(title) }
        if let owner { properties[Node.Property.owner] = .string(NodeKey(.user, owner).description) }
        return Node(key: NodeKey(label, id), properties: properties, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// The graph node that mirrors a row: its fields plus `status`, and `owner` as `User:id`.
    public static func node(mirroring record: Record) -> Node {
        var properties = record.fields
        properties[Node.Property.status] = .string(record.status.rawValue)
        if let owner = record.ownerID {
            properties[Node.Property.owner] = .string(NodeKey(.user, owner).description)
        }
        return Node(
            key: record.nodeKey, properties: properties, createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    /// A placeholder node, as the sync job creates for an owner whose row has not arrived.
    public static func placeholder(_ key: NodeKey, createdAt: Date = epoch) -> Node {
        Node(key: key, properties: [Node.Property.placeholder: .bool(true)], createdAt: createdAt)
    }

    /// A relationship between two nodes.
    public static func relationship(
        _ type: RelationshipType,
        from: NodeKey,
        to: NodeKey,
        weight: Double = 1,
        createdAt: Date = epoch,
        updatedAt: Date? = nil,
        properties: Properties = [:]
    ) -> Relationship {
        Relationship(
            key: RelationshipKey(type, from: from, to: to), weight: weight, createdAt: createdAt, updatedAt: updatedAt,
            properties: properties)
    }

    /// An interaction of `user` with `target`.
    public static func interaction(
        _ id: String,
        user: Int64,
        target: NodeKey,
        kind: String = "view",
        at occurredAt: Date = epoch
    ) -> Interaction {
        Interaction(id: id, user: NodeKey(.user, user), target: target, kind: kind, occurredAt: occurredAt)
    }
}
