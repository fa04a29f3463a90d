import Foundation

extension InMemoryGraphStore {
    /// The fields of one relationship that the relationships job reads and writes, as plain
    /// numbers: times in epoch milliseconds, no strings, no references.
    ///
    /// They live in their own array, parallel to the slots, so a weight pass walks contiguous
    /// memory and copies no reference-counted value. A relationship's key and properties stay in
    /// its ``RelationshipSlot``.
    struct WeightFields {
        /// The relationship's place in weight-pass order; increases with the slot index and is
        /// never reused, so a ``WeightPassPosition`` survives inserts, deletes and compaction.
        var serial: Int64
        var weight: Double
        var createdAt: Int64
        var updatedAt: Int64
        /// Meaningful only when ``hasBoostedThrough``.
        var boostedThrough: Int64
        /// Meaningful only when ``hasLastInteraction``.
        var lastInteractionAt: Int64
        /// The target's latest interaction time, or `Int64.min` for none.
        var targetLatest: Int64
        /// The index of the target's interaction timeline, or -1 while it has none.
        var timeline: Int32
        var hasBoostedThrough: Bool
        var hasLastInteraction: Bool
        var isLive: Bool
        /// Whether the `from` endpoint is a `User`, so a pass that lists changed users reads
        /// the key only for the relationships that have one.
        var fromIsUser: Bool
        /// Whether the `to` endpoint is a `User`.
        var toIsUser: Bool

        /// The fields of a new relationship, whose times are already whole milliseconds.
        init(_ relationship: Relationship, serial: Int64, timeline: Int32, targetLatest: Int64) {
            self.serial = serial
            weight = relationship.weight
            createdAt = relationship.createdAt.epochMilliseconds
            updatedAt = relationship.updatedAt.epochMilliseconds
            boostedThrough = relationship.boostedThrough?.epochMilliseconds ?? 0
            lastInteractionAt = relationship.lastInteractionAt?.epochMilliseconds ?? 0
            self.targetLatest = targetLatest
            self.timeline = timeline
            hasBoostedThrough = relationship.boostedThrough != nil
            hasLastInteraction = relationship.lastInteractionAt != nil
            isLive = true
            fromIsUser = relationship.key.from.label == .user
            toIsUser = relationship.key.to.label == .user
        }

        /// The stored `boostedThrough`, or `nil` when there is none.
        var boostedThroughDate: Date? {
            hasBoostedThrough ? Date(epochMilliseconds: boostedThrough) : nil
        }

        /// The stored `lastInteractionAt`, or `nil` when there is none.
        var lastInteractionDate: Date? {
            hasLastInteraction ? Date(epochMilliseconds: lastInteractionAt) : nil
        }

        /// Applies a weight write, whose times are whole milliseconds; a `nil` leaves the stored
        /// value alone.
        mutating func apply(weight: Double, updatedAt: Int64, boostedThrough: Date?, lastInteractionAt: Date?) {
            self.weight = weight
            self.updatedAt = updatedAt
            if let boostedThrough {
                self.boostedThrough = boostedThrough.epochMilliseconds
                hasBoostedThrough = true
            }
            if let lastInteractionAt {
                self.lastInteractionAt = lastInteractionAt.epochMilliseconds
                hasLastInteraction = true
            }
        }
    }
}
