import Foundation

/// One user interaction with a node: a view, an edit, a share.
///
/// Interactions boost the weight of relationships that point at their target.
public struct Interaction: Hashable, Sendable, Codable {
    /// A unique id for the interaction; recording the same id twice stores it once.
    public var id: String
    /// The user who interacted.
    public var user: NodeKey
    /// The node the user interacted with.
    public var target: NodeKey
    /// What the user did, for example `view`.
    public var kind: String
    /// When it happened.
    public var occurredAt: Date

    /// Creates an interaction.
    public init(id: String, user: NodeKey, target: NodeKey, kind: String = "view", occurredAt: Date) {
        self.id = id
        self.user = user
        self.target = target
        self.kind = kind
        self.occurredAt = occurredAt
    }
}

/// A question for ``GraphStore/interactionCounts(_:)``: how many interactions did `target`
/// receive with `after < occurredAt <= through`?
public struct InteractionWindow: Hashable, Sendable {
    /// The node whose interactions are counted.
    public var target: NodeKey
    /// The exclusive lower bound, or `nil` for no lower bound.
    public var after: Date?
    /// The inclusive upper bound.
    public var through: Date

    /// Creates a window.
    public init(target: NodeKey, after: Date?, through: Date) {
        self.target = target
        self.after = after
        self.through = through
    }
}

/// The answer for one ``InteractionWindow``.
public struct InteractionTally: Hashable, Sendable {
    /// How many interactions fell in the window.
    public var count: Int
    /// The latest `occurredAt` among them, or `nil` when there were none.
    public var latest: Date?

    /// Creates a tally.
    public init(count: Int, latest: Date?) {
        self.count = count
        self.latest = latest
    }

    /// No interactions.
    public static let zero = InteractionTally(count: 0, latest: nil)
}
