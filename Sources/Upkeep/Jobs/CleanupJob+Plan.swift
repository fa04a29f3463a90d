import Foundation

extension CleanupJob {
    /// One run's thresholds, cutoffs and findings, shared by its steps.
    struct Plan: Sendable {
        let policy: CleanupPolicy
        let deletionGuard: DeletionGuard
        let now: Date
        let options: JobOptions
        /// Archive candidates found by `identify-expired`, per kind.
        private(set) var expired: [RecordKind: Int] = [:]

        /// Prepares a run at `now`.
        ///
        /// - Throws: ``ParameterError`` when the configuration is out of range.
        init(configuration: Configuration, now: Date, options: JobOptions) throws {
            self.policy = try configuration.policy()
            self.deletionGuard = try configuration.deletionGuard()
            self.now = now
            self.options = options
        }

        // MARK: - Records

        /// Counts the archive candidates of each kind.
        mutating func identifyExpired(in context: JobContext, tally: StepTally) async throws {
            tally.set("records.expired", 0)
            for kind in policy.archiveKinds {
                let found = try await countCandidates(of: kind, context: context)
                expired[kind] = found
                tally.set("records.expired.\(kind.rawValue)", found)
                tally.add("records.expired", found)
            }
        }

        /// Archives the candidates of each kind, a batch at a time; counts only in a dry run.
        func archive(in context: JobContext, tally: StepTally) async throws {
            let total = expired.values.reduce(0, +)
            tally.set("records.archived", 0)
            tally.set("records.skipped", 0)
            guard !options.dryRun else {
                tally.note("dry run: \(total) records would be archived")
                return
            }

            for kind in policy.archiveKinds {
                try await archiveCandidates(of: kind, total: total, context: context, tally: tally)
            }
            context.logger.info(
                "cleanup archived records",
                ["upkeep.step": Step.archive, "upkeep.archived": String(tally.count("records.archived"))])
        }

        private func countCandidates(of kind: RecordKind, context: JobContext) async throws -> Int {
            let cutoff = policy.archiveCutoff(now: now)
            var found = 0
            var position = KeysetPosition<Int64>(store: .record, operation: "archiveCandidates")
            while true {
                try context.checkCancellation()
                let page = try await context.records.archiveCandidates(
                    kind: kind, createdBefore: cutoff, after: position.after, limit: options.batchSize)
                found += page.count
                context.progress(step: Step.identifyExpired, completed: found)
                guard let last = page.last, page.count == options.batchSize else { return found }
                try position.advance(past: last)
            }
        }

        private func archiveCandidates(
            of kind: RecordKind,
            total: Int,
            context: JobContext,
            tally: StepTally
        ) async throws {
            let cutoff = policy.archiveCutoff(now: now)
            var position = KeysetPosition<Int64>(store: .record, operation: "archiveCandidates")
            while true {
                try context.checkCancellation()
                let ids = try await context.records.archiveCandidates(
                    kind: kind, createdBefore: cutoff, after: position.after, limit: options.batchSize)
                guard let last = ids.last else { return }

                let archived = try await context.records.archive(kind: kind, ids: ids, at: now)
                tally.add("records.archived", archived)
                tally.add("records.skipped", ids.count - archived)
                context.progress(step: Step.archive, completed: tally.count("records.archived"), total: total)
                guard ids.count == options.batchSize else { return }
                try position.advance(past: last)
            }
        }

        // MARK: - Graph

        /// Removes orphan nodes under the deletion guard.
        func removeOrphans(in context: JobContext, tally: StepTally) async throws {
            let labels = policy.orphanLabels
            let cutoff = policy.pruneCutoff(now: now)
            let graph = context.graph
            let deletion = GuardedDeletion<NodeKey>(
                items: "nodes", step: Step.removeOrphans, scanOperation: "orphanNodes",
                scanPage: { after, limit in
                    try await graph.orphanNodes(labels: labels, createdBefore: cutoff, after: after, limit: limit)
                },
                deletePage: { try await graph.deleteNodes($0) }
            )
            let total = try await graph.counts().nodes
            try await deletion.run(total: total, plan: self, context: context, tally: tally)
        }

        /// Removes weak relationships under the deletion guard.
        func removeWeakEdges(in context: JobContext, tally: StepTally) async throws {
            let threshold = policy.weakWeightBelow
            let cutoff = policy.pruneCutoff(now: now)
            let graph = context.graph
            let deletion = GuardedDeletion<RelationshipKey>(
                items: "relationships", step: Step.removeWeakEdges, scanOperation: "weakRelationships",
                scanPage: { after, limit in
                    try await graph.weakRelationships(
                        weightBelow: threshold, inactiveSince: cutoff, after: after, limit: limit)
                },
                deletePage: { try await graph.deleteRelationships($0) }
            )
            let total = try await graph.counts().relationships
            try await deletion.run(total: total, plan: self, context: context, tally: tally)
        }

        // MARK: - Maintenance

        /// Notes what maintenance did and counts what the graph holds after the run.
        static func releaseStorage(actions: [String], in context: JobContext, tally: StepTally) async throws {
            for action in actions {
                tally.note(action)
            }
            let counts = try await context.graph.counts()
            tally.set("nodes.remaining", counts.nodes)
            tally.set("relationships.remaining", counts.relationships)
        }
    }
}
