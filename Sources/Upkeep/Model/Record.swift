import Foundation

/// The kind of a source-of-truth row.
public struct RecordKind: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The kind's name, for example `note`.
    public var rawValue: String

    /// Creates a kind from its name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a kind from its name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A user of the host application.
    public static let user = RecordKind("user")
    /// A note.
    public static let note = RecordKind("note")
    /// A calendar event.
    public static let event = RecordKind("event")
    /// A tag.
    public static let tag = RecordKind("tag")

    /// The four kinds the sync job mirrors, users first so owners usually arrive before items.
    public static let synced: [RecordKind] = [.user, .tag, .note, .event]

    /// The graph label for rows of this kind: `note` becomes `Note`.
    public var nodeLabel: NodeLabel { NodeLabel(rawValue.prefix(1).uppercased() + rawValue.dropFirst()) }

    public var description: String { rawValue }

    public static func < (lhs: RecordKind, rhs: RecordKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The lifecycle state of a row.
public enum RecordStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// In use.
    case active
    /// Soft-deleted by the cleanup job or the host; kept in the source of truth.
    case archived
    /// Deleted by the host; the graph node is removed.
    case deleted
}

/// A row of the host's source of truth: a note, event, user or tag.
public struct Record: Hashable, Sendable, Codable {
    /// The row's kind.
    public var kind: RecordKind
    /// The row's id, unique within its kind.
    public var id: Int64
    /// The owning user's id, for notes and events.
    public var ownerID: Int64?
    /// Ids of the tags attached to the row, for notes and events.
    public var tagIDs: [Int64]
    /// Fields copied into the graph node, such as `title` or `priority`.
    public var fields: Properties
    /// The row's lifecycle state.
    public var status: RecordStatus
    /// Whether the user starred the row; starred rows are never archived automatically.
    public var isStarred: Bool
    /// When the row was created.
    public var createdAt: Date
    /// When the row was last changed; the sync cursor's first component.
    public var updatedAt: Date

    /// Creates a record.
    public init(
        kind: RecordKind,
        id: Int64,
        ownerID: Int64? = nil,
        tagIDs: [Int64] = [],
        fields: Properties = [:],
        status: RecordStatus = .active,
        isStarred: Bool = false,
        createdAt: Date,
        updatedAt: Date? = nil
    ) {
        self.kind = kind
        self.id = id
        self.ownerID = ownerID
        self.tagIDs = tagIDs
        self.fields = fields
        self.status = status
        self.isStarred = isStarred
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// The key of the graph node that mirrors this row.
    public var nodeKey: NodeKey { NodeKey(kind.nodeLabel, id) }
}

/// A position in a kind's change stream: rows are ordered by `(updatedAt, id)`.
public struct SyncCursor: Hashable, Comparable, Sendable, Codable {
    /// The `updatedAt` of the last row consumed.
    public var updatedAt: Date
    /// The id of the last row consumed.
    public var id: Int64

    /// Creates a cursor.
    public init(updatedAt: Date, id: Int64) {
        self.updatedAt = updatedAt
        self.id = id
    }

    /// The cursor just past a record.
    public init(after record: Record) {
        self.init(updatedAt: record.updatedAt, id: record.id)
    }

    public static func < (lhs: SyncCursor, rhs: SyncCursor) -> Bool {
        (lhs.updatedAt, lhs.id) < (rhs.updatedAt, rhs.id)
    }
}

/// A search the host's users ran, read by the cache job to find hot queries.
public struct SearchQuery: Hashable, Sendable, Codable {
    /// The user who searched, if known.
    public var userID: Int64?
    /// The query text as typed.
    public var text: String
    /// When the search ran.
    public var occurredAt: Date

    /// Creates a search query entry.
    public init(userID: Int64?, text: String, occurredAt: Date) {
        self.userID = userID
        self.text = text
        self.occurredAt = occurredAt
    }
}
