import Foundation

extension RelationshipsJob {
    /// One run's walk over the stale relationships, batch by batch.
    ///
    /// When the graph store is a ``WeightPassStore`` each batch is one
    /// ``WeightPassStore/updateWeights(_:after:limit:)`` call; otherwise the batch runs the
    /// portable pipeline (scan, count, compute, write), whose buffers for windows and writes are
    /// reused from batch to batch, so a batch allocates its page, its tallies and the arrays
    /// handed to the store, and nothing per relationship. Both compute every weight with
    /// ``WeightPass/evaluate(storedWeight:updatedAt:boostedThrough:lastInteractionAt:tally:)``.
    struct Pass {
        private let weightPass: WeightPass
        private let invalidateCaches: Bool

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
            self.weightPass = WeightPass(
                update: try configuration.weightUpdate(), now: now,
                staleBefore: now.addingTimeInterval(-(try configuration.minimumAge())), dryRun: dryRun,
                collectsUsers: configuration.invalidateCaches, problemLimit: Self.problemNoteLimit)
            self.invalidateCaches = configuration.invalidateCaches
        }

        private var now: Date { weightPass.now }
        private var dryRun: Bool { weightPass.dryRun }

        /// Processes every stale relationship, one batch at a time, recording totals in `tally`
        /// after each batch.
        mutating func run(in context: JobContext, tally: StepTally) async throws {
            if let store = context.graph as? any WeightPassStore {
                tally.note("weights computed inside the graph store, one call per batch")
                try await runInStore(store, context: context, tally: tally)
            } else {
                try await runPortable(in: context, tally: tally)
            }
        }

        /// The portable pipeline: scan, count, compute and write through ``GraphStore``.
        private mutating func runPortable(in context: JobContext, tally: StepTally) async throws {
            let limit = context.options.batchSize
            var position = KeysetPosition<RelationshipKey>(store: .graph, operation: "staleRelationships")
            var pageCount = limit

            while pageCount == limit {
                try context.checkCancellation()
                let started = ContinuousClock.now
                let page = try await context.graph.staleRelationships(
                    updatedBefore: weightPass.staleBefore, after: position.after, limit: limit)
                totals.scanTime += ContinuousClock.now - started
                guard let last = page.last else { break }

                try await process(page, context: context)
                report(into: tally)
                context.progress(step: Step.updateWeights, completed: totals.weights.scanned)
                try position.advance(past: last.key)
                pageCount = page.count
            }
        }

        /// The store's own pass: one ``WeightPassStore/updateWeights(_:after:limit:)`` per batch.
        private mutating func runInStore(
            _ store: any WeightPassStore,
            context: JobContext,
            tally: StepTally
        ) async throws {
            var position: WeightPassPosition?
            repeat {
                try context.checkCancellation()
                let started = ContinuousClock.now
                let page = try await store.updateWeights(
                    weightPass, after: position, limit: context.options.batchSize)
                totals.storeTime += ContinuousClock.now - started
                if let next = page.next, let position, !(position.value < next.value) {
                    throw StoreError(
                        .corrupt, store: .graph, operation: "updateWeights",
                        message: "returned position \(next.value), not after the previous \(position.value)")
                }

                totals.batches += 1
                totals.weights.add(page.totals)
                for problem in page.problems where problemNotes.count < Self.problemNoteLimit {
                    noteProblem(problem)
                }
                if invalidateCaches {
                    pendingUsers.removeAll(keepingCapacity: true)
                    for user in page.changedUsers { notePending(user) }
                    try await invalidatePendingUsers(cache: context.cache, logger: context.logger)
                }
                report(into: tally)
                context.progress(step: Step.updateWeights, completed: totals.weights.scanned)
                position = page.next
            } while position != nil
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
                totals.weights.written += try await context.graph.writeWeights(writes)
                totals.writeTime += ContinuousClock.now - writeStarted
            }

            if invalidateCaches {
                collectPendingUsers()
                try await invalidatePendingUsers(cache: context.cache, logger: context.logger)
            }
        }

        /// Counts the interactions of a whole page in one store call.
        private mutating func count(_ page: [Relationship], graph: any GraphStore) async throws -> [InteractionTally] {
            let started = ContinuousClock.now
            windows.removeAll(keepingCapacity: true)
            for index in page.indices {
                let after = weightPass.windowStart(
                    boostedThrough: page[index].boostedThrough, createdAt: page[index].createdAt)
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
            for index in page.indices {
                let evaluation = weightPass.evaluate(
                    storedWeight: page[index].weight, updatedAt: page[index].updatedAt,
                    boostedThrough: page[index].boostedThrough, lastInteractionAt: page[index].lastInteractionAt,
                    tally: tallies[index])
                totals.weights.add(evaluation)
                if let problem = evaluation.outcome.problem, problemNotes.count < Self.problemNoteLimit {
                    noteProblem(WeightProblem(key: page[index].key, storedWeight: page[index].weight, problem: problem))
                }
                guard evaluation.needsWrite else { continue }

                writes.append(evaluation.write(key: page[index].key, now: now))
            }
        }

        /// Describes a stored weight that was not in `[0, 1]`, for the step's notes.
        private mutating func noteProblem(_ problem: WeightProblem) {
            let handling = problem.problem.isInvalid ? "treated as 0" : "clamped"
            problemNotes.append("stored weight \(problem.storedWeight) of \(problem.key) \(handling)")
        }

        // MARK: - Caches

        /// Invalidates the caches of the batch's pending users: those at an end of a changed
        /// relationship that no earlier batch of the run has invalidated.
        ///
        /// A cache error does not stop the weight updates: it is noted, logged, and the remaining
        /// users of the run are counted in `users.notInvalidated` instead of being tried.
        private mutating func invalidatePendingUsers(cache: any CacheStore, logger: UpkeepLogger) async throws {
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
