import Foundation

/// The measurable features of an item that ``ContentQuality`` scores.
public struct ContentFeatures: Hashable, Sendable, Codable {
    /// The title's length in characters; 0 without a title.
    public var titleLength: Int
    /// The content's length in characters; 0 without content.
    public var contentLength: Int
    /// How many tags the item carries.
    public var tagCount: Int
    /// How many links (relationships other than `CREATED` and `TAGGED_WITH`) touch the item.
    public var linkCount: Int
    /// Days since the item was last updated, as elapsed time (86,400 s a day, since recency
    /// decays with time, not with calendar dates); 0 or less means just now.
    public var ageDays: Double

    /// Creates features from their values.
    public init(
        titleLength: Int = 0, contentLength: Int = 0, tagCount: Int = 0, linkCount: Int = 0,
        ageDays: Double = 0
    ) {
        self.titleLength = titleLength
        self.contentLength = contentLength
        self.tagCount = tagCount
        self.linkCount = linkCount
        self.ageDays = ageDays
    }

    /// The features of `node`, reading its `title` and `contentProperty` string properties and
    /// counting the relationships in `relationships` that touch it, as of `now`.
    public init(node: Node, relationships: [Relationship], contentProperty: String, now: Date) {
        var tags = 0
        var links = 0
        for relationship in relationships
        where relationship.key.from == node.key || relationship.key.to == node.key {
            switch relationship.key.type {
            case .taggedWith: tags += 1
            case .created: break
            default: links += 1
            }
        }
        self.init(
            titleLength: node.properties[Node.Property.title]?.stringValue?.count ?? 0,
            contentLength: node.properties[contentProperty]?.stringValue?.count ?? 0,
            tagCount: tags,
            linkCount: links,
            ageDays: now.timeIntervalSince(node.updatedAt) / 86_400)
    }
}
