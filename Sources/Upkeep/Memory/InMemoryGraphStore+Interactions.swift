import Foundation

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
            timelines.append(millis, to: timeline)
            latestInteractionByUser[interaction.user] = max(
                latestInteractionByUser[interaction.user] ?? .min, millis)
        }
    }

    /// The target's timeline, created on first use and linked from the relationships into it.
    private mutating func timelineIndex(for target: NodeKey) -> Int32 {
        if let index = timelineByTarget[target] { return index }
        let index = timelines.add()
        timelineByTarget[target] = index
        for slot in adjacency[target] ?? [] where slots[Int(slot)].relationship.key.to == target {
            slots[Int(slot)].timeline = index
        }
        return index
    }

    /// One tally per window; a window whose target is the next relationship of the last page
    /// reaches its timeline through the slot, without hashing the target.
    mutating func interactionCounts(_ windows: [InteractionWindow]) -> [InteractionTally] {
        timelines.pack()
        var tallies: [InteractionTally] = []
        tallies.reserveCapacity(windows.count)
        var hint = 0
        for window in windows {
            guard let timeline = timeline(of: window.target, hint: &hint) else {
                tallies.append(.zero)
                continue
            }
            tallies.append(timelines.tally(timeline, after: window.after, through: window.through))
        }
        return tallies
    }

    private func timeline(of target: NodeKey, hint: inout Int) -> Int32? {
        let end = min(lastPage.count, hint + Self.hintProbe)
        var position = hint
        while position < end {
            let slot = Int(lastPage[position])
            if slots[slot].isLive, slots[slot].relationship.key.to == target {
                hint = position + 1
                return slots[slot].timeline >= 0 ? slots[slot].timeline : nil
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
