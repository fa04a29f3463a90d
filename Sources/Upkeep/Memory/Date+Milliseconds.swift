import Foundation

extension Date {
    /// The date rounded down to whole milliseconds, the precision every store keeps.
    var truncatedToMilliseconds: Date { Date(epochMilliseconds: epochMilliseconds) }
}

extension Node {
    /// The node with its times rounded down to whole milliseconds.
    var truncatedToMilliseconds: Node {
        var node = self
        node.createdAt = createdAt.truncatedToMilliseconds
        node.updatedAt = updatedAt.truncatedToMilliseconds
        return node
    }
}

extension Relationship {
    /// The relationship with its times rounded down to whole milliseconds.
    var truncatedToMilliseconds: Relationship {
        var relationship = self
        relationship.createdAt = createdAt.truncatedToMilliseconds
        relationship.updatedAt = updatedAt.truncatedToMilliseconds
        relationship.lastInteractionAt = lastInteractionAt?.truncatedToMilliseconds
        relationship.boostedThrough = boostedThrough?.truncatedToMilliseconds
        return relationship
    }
}
