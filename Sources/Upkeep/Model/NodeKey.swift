/// The label of a graph node: what kind of thing it is.
///
/// Labels are an open set; the four the jobs know are predefined. A label is a non-empty run of
/// ASCII letters, digits and underscores, so every backend can use it as an identifier.
public struct NodeLabel: RawRepresentable, Hashable, Comparable, Sendable, Codable {
    /// The label's text, for example `Note`.
    public var rawValue: String

    /// Creates a label from its text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a label from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A user of the host application.
    public static let user = NodeLabel("User")
    /// A note written by a user.
    public static let note = NodeLabel("Note")
    /// A calendar event created by a user.
    public static let event = NodeLabel("Event")
    /// A tag attached to notes and events.
    public static let tag = NodeLabel("Tag")

    /// Whether the label is usable as an identifier on every backend.
    public var isValid: Bool { Identifier.isValid(rawValue) }

    public static func < (lhs: NodeLabel, rhs: NodeLabel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The type of a graph relationship.
///
/// Types are an open set with the same character rules as ``NodeLabel``.
public struct RelationshipType: RawRepresentable, Hashable, Comparable, Sendable, Codable {
    /// The type's text, for example `CREATED`.
    public var rawValue: String

    /// Creates a type from its text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a type from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A user created a note or event.
    public static let created = RelationshipType("CREATED")
    /// A note or event carries a tag.
    public static let taggedWith = RelationshipType("TAGGED_WITH")
    /// Two items are related; the weight says how strongly.
    public static let relatedTo = RelationshipType("RELATED_TO")
    /// A user follows or is interested in an item or tag.
    public static let interestedIn = RelationshipType("INTERESTED_IN")

    /// Whether the type is usable as an identifier on every backend.
    public var isValid: Bool { Identifier.isValid(rawValue) }

    public static func < (lhs: RelationshipType, rhs: RelationshipType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The application key of a graph node: its label and the host's id for it.
///
/// Upkeep never uses a backend's internal ids, which some backends reuse after deletion. Keys
/// order by label, then id, and print as `Label:id`.
public struct NodeKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// What kind of node this is.
    public var label: NodeLabel
    /// The host's id for the node, unique within its label.
    public var id: String

    /// Creates a key from a label and an id.
    public init(_ label: NodeLabel, _ id: String) {
        self.label = label
        self.id = id
    }

    /// Creates a key from a label and an integer id.
    public init(_ label: NodeLabel, _ id: Int64) {
        self.init(label, String(id))
    }

    /// The key as `Label:id`, the form backends store as the node's `uid`.
    public var description: String { "\(label.rawValue):\(id)" }

    /// Parses the `Label:id` form; returns `nil` when there is no colon or the label is invalid.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let label = NodeLabel(String(text[..<colon]))
        guard label.isValid else { return nil }
        self.init(label, String(text[text.index(after: colon)...]))
    }

    public static func < (lhs: NodeKey, rhs: NodeKey) -> Bool {
        (lhs.label.rawValue, lhs.id) < (rhs.label.rawValue, rhs.id)
    }
}

/// The identity of a relationship: its type and both endpoints.
///
/// At most one relationship of a type joins two nodes in one direction. The canonical text form
/// `TYPE|From:id|To:id` is what backends store as the relationship's `uid` and what keyset pages
/// are ordered by.
public struct RelationshipKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The relationship's type.
    public var type: RelationshipType
    /// The start node.
    public var from: NodeKey
    /// The end node.
    public var to: NodeKey

    /// Creates a key from a type and two endpoints.
    public init(_ type: RelationshipType, from: NodeKey, to: NodeKey) {
        self.type = type
        self.from = from
        self.to = to
    }

    /// The canonical text form, `TYPE|From:id|To:id`.
    public var description: String { "\(type.rawValue)|\(from)|\(to)" }

    /// Keys order by their canonical text, which is how every backend pages them.
    public static func < (lhs: RelationshipKey, rhs: RelationshipKey) -> Bool {
        lhs.description < rhs.description
    }
}

/// Rules shared by labels and relationship types.
enum Identifier {
    /// A non-empty run of ASCII letters, digits and underscores, starting with a letter.
    static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, isLetter(first) else { return false }
        return text.utf8.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}
