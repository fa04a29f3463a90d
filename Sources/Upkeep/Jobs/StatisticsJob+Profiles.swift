import Foundation

extension StatisticsJob.Run {
    /// E5: writes every user's profile under `profile:<userID>`, owned by the user.
    func updateProfiles(
        _ activity: [StatisticsJob.UserActivity],
        in context: JobContext,
        tally: StepTally
    ) async throws {
        let batchSize = context.options.batchSize
        let writer = CacheEntryWriter(context: context, tally: tally)
        for start in stride(from: 0, to: activity.count, by: batchSize) {
            try context.checkCancellation()
            let page = activity[start..<min(start + batchSize, activity.count)]
            let entries = try page.map { user in
                let profile = UserProfile(
                    user: user.user, engagement: user.engagement, timeZone: user.timeZone,
                    updatedAt: now)
                return try CacheEntryWriter.entry(
                    CacheKeys.profile(user.user), profile,
                    ttlSeconds: configuration.profileTTLSeconds, user: user.user)
            }
            tally.add("profiles.computed", entries.count)
            try await writer.write(entries)
            context.progress(
                step: StatisticsJob.Step.userProfiles, completed: start + page.count,
                total: activity.count)
        }
    }
}
