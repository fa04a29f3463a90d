import Foundation

/// A typed, weighted relationship between two nodes.
public struct Relationship: Hashable, Sendable, Codable {
    /// The relationship's identity: type and endpoints.
    public var key: RelationshipKey
    /// How strong the relationship is, in `[0, 1]` once written by Upkeep.
    ///
    /// Stored data may hold anything, including NaN; ``WeightUpdate`` sanitises it.
    public var weight: Double
    /// When the relationship was created.
    public var createdAt: Date
    /// When the weight was last written. Half-life decay runs from this instant.
    public var updatedAt: Date
    /// The time of the latest interaction with the target that boosted this relationship.
    public var lastInteractionAt: Date?
    /// The instant up to which interactions have been counted into the weight.
    ///
    /// The default boost counts only interactions after this instant, so each interaction
    /// boosts a relationship once. `nil` means none have been counted yet.
    public var boostedThrough: Date?
    /// Further properties.
    public var properties: Properties

    /// Creates a relationship.
    public init(
        key: RelationshipKey,
        weight: Double = 1,
        createdAt: Date,
        updatedAt: Date? = nil,
        lastInteractionAt: Date? = nil,
        boostedThrough: Date? = nil,
        properties: Properties = [:]
    ) {
        self.key = key
        self.weight = weight
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.lastInteractionAt = lastInteractionAt
        self.boostedThrough = boostedThrough
        self.properties = properties
    }
}

/// A new weight for an existing relationship, written by the relationships job.
public struct WeightWrite: Hashable, Sendable, Codable {
    /// The relationship to update.
    public var key: RelationshipKey
    /// The new weight, already clamped to `[0, 1]`.
    public var weight: Double
    /// The new `updatedAt`: the instant the weight was computed for.
    public var updatedAt: Date
    /// The new `boostedThrough`, or `nil` to leave it unchanged.
    public var boostedThrough: Date?
    /// The new `lastInteractionAt`, or `nil` to leave it unchanged.
    public var lastInteractionAt: Date?

    /// Creates a weight write.
    public init(
        key: RelationshipKey,
        weight: Double,
        updatedAt: Date,
        boostedThrough: Date? = nil,
        lastInteractionAt: Date? = nil
    ) {
        self.key = key
        self.weight = weight
        self.updatedAt = updatedAt
        self.boostedThrough = boostedThrough
        self.lastInteractionAt = lastInteractionAt
    }
}
