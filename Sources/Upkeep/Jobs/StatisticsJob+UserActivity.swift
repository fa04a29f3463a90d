import Foundation

extension StatisticsJob.Run {
    /// The user node property naming the user's IANA time zone.
    static let timeZoneProperty = "timeZone"

    /// E1: pages every user and computes their engagement from one `ownedItems` call per page.
    func computeUserActivity(
        in context: JobContext,
        tally: StepTally
    ) async throws -> [StatisticsJob.UserActivity] {
        let batchSize = context.options.batchSize
        var activity: [StatisticsJob.UserActivity] = []
        var after: NodeKey?
        while true {
            try context.checkCancellation()
            let users = try await context.graph.scanNodes(
                labels: [.user], after: after, limit: batchSize)
            guard let last = users.last else { break }

            let owned = try await context.graph.ownedItems(
                by: users.map(\.key), labels: configuration.itemLabels)
            for user in users {
                let items = owned[user.key] ?? []
                activity.append(engagement(of: user, items: items, tally: tally))
                tally.add("items.counted", items.count)
            }
            tally.add("users.scanned", users.count)
            context.progress(step: StatisticsJob.Step.userActivity, completed: activity.count)

            after = last.key
            if users.count < batchSize { break }
        }
        return activity
    }

    private func engagement(
        of user: Node,
        items: [OwnedItem],
        tally: StepTally
    ) -> StatisticsJob.UserActivity {
        let zone = timeZone(of: user, tally: tally)
        let engagement = Engagement(
            itemDates: items.map(\.createdAt), now: now, timeZone: zone,
            recentDays: configuration.recentDays)
        if engagement.recentItems > 0 { tally.add("users.active") }
        if engagement.streak.current > 0 { tally.add("users.streaking") }
        return StatisticsJob.UserActivity(
            user: user.key, timeZone: zone.identifier, engagement: engagement)
    }

    /// The user's own time zone, or the configured one when the user has none or an unknown one.
    private func timeZone(of user: Node, tally: StepTally) -> TimeZone {
        guard let identifier = user.properties[Self.timeZoneProperty]?.stringValue else {
            return zone
        }
        guard let own = TimeZone(identifier: identifier) else {
            tally.add("users.invalidTimeZone")
            tally.note("\(user.key) has unknown time zone '\(identifier)'; used \(zone.identifier)")
            return zone
        }
        return own
    }
}
