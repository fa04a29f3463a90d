import Foundation

extension InMemoryGraphStore {
    /// The interaction times of one target, in epoch milliseconds.
    struct Timeline {
        var millis: [Int64] = []
        var isSorted = true

        mutating func append(_ value: Int64) {
            if let last = millis.last, value < last { isSorted = false }
            millis.append(value)
        }

        /// How many times fall in `(after, through]` and the latest of them; O(log m).
        ///
        /// Stored times are whole milliseconds, so `t > after` holds exactly when
        /// `t > floor(after)`, and `t <= through` when `t <= floor(through)`.
        mutating func tally(after: Date?, through: Date) -> InteractionTally {
            if !isSorted {
                millis.sort()
                isSorted = true
            }
            let throughMillis = through.epochMilliseconds
            let end = InMemoryIndex.partitionPoint(millis) { $0 > throughMillis }
            var start = 0
            if let afterMillis = after?.epochMilliseconds {
                start = InMemoryIndex.partitionPoint(millis) { $0 > afterMillis }
            }
            guard end > start else { return .zero }
            return InteractionTally(count: end - start, latest: Date(epochMilliseconds: millis[end - 1]))
        }
    }
}

extension InMemoryGraphStore.State {
    static func validate(interactions: [Interaction]) throws {
        for interaction in interactions {
            for key in [interaction.user, interaction.target] where !key.label.isValid {
                throw invalid(
                    "recordInteractions",
                    "interaction \(interaction.id) names \(key) with an invalid label '\(key.label.rawValue)'")
            }
        }
    }

    mutating func record(interactions: [Interaction]) {
        for interaction in interactions where interactionIDs.insert(interaction.id).inserted {
            let millis = interaction.occurredAt.epochMilliseconds
            let timeline = timelineIndex(for: interaction.target)
            timelines[Int(timeline)].append(millis)
            latestInteractionByUser[interaction.user] = max(
                latestInteractionByUser[interaction.user] ?? .min, millis)
        }
    }

    /// The target's timeline, created on first use and linked from the relationships into it.
    private mutating func timelineIndex(for target: NodeKey) -> Int32 {
        if let index = timelineByTarget[target] { return index }
        let index = Int32(timelines.count)
        timelines.append(InMemoryGraphStore.Timeline())
        timelineByTarget[target] = index
        for slot in adjacency[target] ?? [] where slots[Int(slot)].relationship.key.to == target {
            slots[Int(slot)].timeline = index
        }
        return index
    }

    /// One tally per window; a window whose target is the next relationship of the last page
    /// reaches its timeline through the slot, without hashing the target.
    mutating func interactionCounts(_ windows: [InteractionWindow]) -> [InteractionTally] {
        var tallies: [InteractionTally] = []
        tallies.reserveCapacity(windows.count)
        var hint = 0
        for window in windows {
            guard let timeline = timeline(of: window.target, hint: &hint) else {
                tallies.append(.zero)
                continue
            }
            tallies.append(timelines[Int(timeline)].tally(after: window.after, through: window.through))
        }
        return tallies
    }

    private func timeline(of target: NodeKey, hint: inout Int) -> Int32? {
        let end = min(lastPage.count, hint + Self.hintProbe)
        var position = hint
        while position < end {
            let slot = slots[Int(lastPage[position])]
            if slot.isLive, slot.relationship.key.to == target {
                hint = position + 1
                return slot.timeline >= 0 ? slot.timeline : nil
            }
            position += 1
        }
        return timelineByTarget[target]
    }

    func activeUsers(since: Date, after: NodeKey?, limit: Int) -> [NodeKey] {
        guard limit > 0 else { return [] }
        let sinceMillis = since.epochMilliseconds
        let users = latestInteractionByUser.compactMap { user, latest -> NodeKey? in
            guard latest > sinceMillis else { return nil }
            if let after, user <= after { return nil }
            return user
        }
        return Array(users.sorted().prefix(limit))
    }
}
