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
            for slot in adjacency[interaction.target] ?? []
            where slots[Int(slot)].key.to == interaction.target {
                fields[Int(slot)].targetLatest = max(fields[Int(slot)].targetLatest, millis)
            }
        }
    }

    /// The target's timeline, created on first use and linked from the relationships into it.
    private mutating func timelineIndex(for target: NodeKey) -> Int32 {
        if let index = timelineByTarget[target] { return index }
        let index = timelines.add()
        timelineByTarget[target] = index
        for slot in adjacency[target] ?? [] where slots[Int(slot)].key.to == target {
            fields[Int(slot)].timeline = index
        }
        return index
    }

    /// Packs the interaction timelines, numbered in the order the weight pass meets their targets
    /// (slot order), so that a pass reads the timeline arrays front to back instead of jumping
    /// to wherever each target's first interaction happened to arrive.
    ///
    /// O(slots + targets + times) after interactions were recorded, O(1) otherwise.
    mutating func packTimelines() {
        guard timelines.needsPacking else { return }
        var renumbered = [Int32](repeating: -1, count: timelines.count)
        var next: Int32 = 0
        for index in fields.indices where fields[index].timeline >= 0 {
            let old = Int(fields[index].timeline)
            if renumbered[old] < 0 {
                renumbered[old] = next
                next += 1
            }
            fields[index].timeline = renumbered[old]
        }
        for old in renumbered.indices where renumbered[old] < 0 {
            renumbered[old] = next
            next += 1
        }

        timelineByTarget = timelineByTarget.mapValues { renumbered[Int($0)] }
        timelines.pack(renumbering: renumbered)
    }

    /// One tally per window.
    ///
    /// A window whose target is the next relationship of the last page is answered through that
    /// relationship's slot, without hashing the target; when the slot's copy of the target's
    /// latest interaction time is not after the window's start, the answer is zero without
    /// reading the timeline at all, which is the common case for a job that boosts each
    /// interaction once.
    mutating func interactionCounts(_ windows: [InteractionWindow]) -> [InteractionTally] {
        packTimelines()
        var tallies: [InteractionTally] = []
        tallies.reserveCapacity(windows.count)
        var hint = 0
        for window in windows {
            let timeline: Int32?
            if let slot = hintedSlot(for: window.target, hint: &hint) {
                let latest = fields[slot].targetLatest
                if latest == .min || window.after.map({ latest <= $0.epochMilliseconds }) == true {
                    tallies.append(.zero)
                    continue
                }
                timeline = fields[slot].timeline
            } else {
                timeline = timelineByTarget[window.target]
            }
            guard let timeline, timeline >= 0 else {
                tallies.append(.zero)
                continue
            }
            tallies.append(timelines.tally(timeline, after: window.after, through: window.through))
        }
        return tallies
    }

    /// The slot of the relationship of the last page, among the next few from `hint`, whose
    /// target is `target`.
    private func hintedSlot(for target: NodeKey, hint: inout Int) -> Int? {
        let end = min(lastPage.count, hint + Self.hintProbe)
        var position = hint
        while position < end {
            let slot = Int(lastPage[position])
            if fields[slot].isLive, slots[slot].key.to == target {
                hint = position + 1
                return slot
            }
            position += 1
        }
        return nil
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
