import Foundation

extension RelationshipsJob {
    /// One run's walk over the stale relationships, batch by batch.
    ///
    /// The buffers for windows and writes are reused from batch to batch, so a batch allocates
    /// its page, its tallies and the arrays handed to the store, and nothing per relationship.
    struct Pass {
        private let update: WeightUpdate
        private let now: Date
        private let staleBefore: Date
        private let invalidateCaches: Bool
        private let dryRun: Bool

        /// What the batches so far did.
        private(set) var totals = Totals()
        private var seenUsers = Set<String>()
        private var pendingUsers: [String] = []
        private var cacheFailed = false
        private var windows: [InteractionWindow] = []
        private var writes: [WeightWrite] = []
        /// Descriptions of bad stored weights, the first ``problemNoteLimit`` of the run.
        private var problemNotes: [String] = []
        private var problemNotesReported = 0

        /// How many bad stored weights a run describes in its notes; the rest are only counted.
        static let problemNoteLimit = 10

        /// Prepares a pass at `now`.
        ///
        /// - Throws: ``ParameterError`` when the configuration is out of range.
        init(configuration: Configuration, now: Date, dryRun: Bool) throws {
            self.update = try configuration.weightUpdate()
            self.now = now
            self.staleBefore = now.addingTimeInterval(-(try configuration.minimumAge()))
            self.invalidateCaches = configuration.invalidateCaches
            self.dryRun = dryRun
        }

        /// Processes every stale relationship, one batch at a time, recording totals in `tally`
        /// after each batch.
        mutating func run(in context: JobContext, tally: StepTally) async throws {
            let limit = context.options.batchSize
            var position = KeysetPosition<RelationshipKey>(store: .graph, operation: "staleRelationships")
            var pageCount = limit

            while pageCount == limit {
                try context.checkCancellation()
                let started = ContinuousClock.now
                let page = try await context.graph.staleRelationships(
                    updatedBefore: staleBefore, after: position.after, limit: limit)
                totals.scanTime += ContinuousClock.now - started
                guard let last = page.last else { break }

                try await process(page, context: context)
                report(into: tally)
                context.progress(step: Step.updateWeights, completed: totals.scanned)
                try position.advance(past: last.key)
                pageCount = page.count
            }
        }

        /// Sets the step's counts to the totals so far and adds the new problem notes.
        private mutating func report(into tally: StepTally) {
            totals.record(into: tally)
            for note in problemNotes.dropFirst(problemNotesReported) {
                tally.note(note)
            }
            problemNotesReported = problemNotes.count
        }

        // MARK: - One batch

        private mutating func process(_ page: [Relationship], context: JobContext) async throws {
            totals.batches += 1
            let tallies = try await count(page, graph: context.graph)

            let computeStarted = ContinuousClock.now
            compute(page, tallies: tallies)
            totals.computeTime += ContinuousClock.now - computeStarted

            if !dryRun, !writes.isEmpty {
                let writeStarted = ContinuousClock.now
                totals.written += try await context.graph.writeWeights(writes)
                totals.writeTime += ContinuousClock.now - writeStarted
            }

            if invalidateCaches {
                try await invalidateUsers(cache: context.cache, logger: context.logger)
            }
        }

        /// Counts the interactions of a whole page in one store call.
        private mutating func count(_ page: [Relationship], graph: any GraphStore) async throws -> [InteractionTally] {
            let started = ContinuousClock.now
            windows.removeAll(keepingCapacity: true)
            for index in page.indices {
                let after = update.boost.windowStart(
                    boostedThrough: page[index].boostedThrough, createdAt: page[index].createdAt, now: now)
                windows.append(InteractionWindow(target: page[index].key.to, after: after, through: now))
            }

            let tallies = try await graph.interactionCounts(windows)
            guard tallies.count == page.count else {
                throw StoreError(
                    .corrupt, store: .graph, operation: "interactionCounts",
                    message: "returned \(tallies.count) tallies for \(page.count) windows")
            }
            totals.countTime += ContinuousClock.now - started
            return tallies
        }

        /// The per-relationship loop: new weights and the writes that store them.
        ///
        /// It reads the fields it needs in place rather than copying whole relationships, and
        /// copies a key only for a relationship it writes.
        private mutating func compute(_ page: [Relationship], tallies: [InteractionTally]) {
            writes.removeAll(keepingCapacity: true)
            let nowSeconds = now.timeIntervalSinceReferenceDate
            for index in page.indices {
                let storedWeight = page[index].weight
                let elapsed = nowSeconds - page[index].updatedAt.timeIntervalSinceReferenceDate
                let tally = tallies[index]
                let outcome = update.outcome(storedWeight: storedWeight, elapsed: elapsed, tally: tally)
                let change = update.change(
                    storedWeight: storedWeight, lastInteractionAt: page[index].lastInteractionAt,
                    outcome: outcome, tally: tally)
                totals.add(outcome, storedWeight: storedWeight, written: change.isNeeded)
                if outcome.problem != nil, problemNotes.count < Self.problemNoteLimit {
                    noteProblem(outcome, storedWeight: storedWeight, key: page[index].key)
                }
                guard change.isNeeded else { continue }

                writes.append(
                    update.makeWrite(
                        key: page[index].key, boostedThrough: page[index].boostedThrough, outcome: outcome,
                        latest: change.latest, now: now))
            }
        }

        /// Describes a stored weight that was not in `[0, 1]`, for the step's notes.
        private mutating func noteProblem(_ outcome: WeightOutcome, storedWeight: Double, key: RelationshipKey) {
            let handling = outcome.problem?.isInvalid == true ? "treated as 0" : "clamped"
            problemNotes.append("stored weight \(storedWeight) of \(key) \(handling)")
        }

        // MARK: - Caches

        /// Invalidates the caches of users at either end of this batch's writes that no earlier
        /// batch of the run has invalidated.
        ///
        /// A cache error does not stop the weight updates: it is noted, logged, and the remaining
        /// users of the run are counted in `users.notInvalidated` instead of being tried.
        private mutating func invalidateUsers(cache: any CacheStore, logger: UpkeepLogger) async throws {
            collectPendingUsers()
            totals.usersAffected += pendingUsers.count
            guard !dryRun, !pendingUsers.isEmpty else { return }

            let started = ContinuousClock.now
            defer { totals.invalidateTime += ContinuousClock.now - started }
            for (index, user) in pendingUsers.enumerated() {
                guard !cacheFailed else {
                    totals.usersNotInvalidated += pendingUsers.count - index
                    return
                }
                do {
                    totals.cacheEntriesDeleted += try await cache.invalidate(user: user)
                    totals.usersInvalidated += 1
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    cacheFailed = true
                    totals.usersNotInvalidated += 1
                    totals.cacheError = String(describing: error)
                    logger.warning("cache invalidation failed", ["upkeep.error": String(describing: error)])
                }
            }
        }

        /// Gathers the ids of `User` endpoints of this batch's writes not seen earlier in the run.
        private mutating func collectPendingUsers() {
            pendingUsers.removeAll(keepingCapacity: true)
            let user = NodeLabel.user
            for index in writes.indices {
                if writes[index].key.from.label == user { notePending(writes[index].key.from.id) }
                if writes[index].key.to.label == user { notePending(writes[index].key.to.id) }
            }
        }

        private mutating func notePending(_ user: String) {
            guard seenUsers.insert(user).inserted else { return }
            pendingUsers.append(user)
        }
    }
}
