import Foundation

extension CleanupJob {
    /// A destructive graph step: count the candidates, ask the guard, then delete.
    ///
    /// Counting walks every candidate page and keeps only the number, so memory stays flat. The
    /// delete phase walks the pages again from the start and stops after as many items as were
    /// counted and approved; candidates that appear in between are left for the next run.
    ///
    /// A page is deleted right after it is read, but a node that gains a relationship in between
    /// is still deleted, with that relationship: ``GraphStore/deleteNodes(_:)`` has no "only if
    /// still orphaned" form, so the race window is one store round trip wide.
    struct GuardedDeletion<Key: Comparable & CustomStringConvertible & Sendable> {
        /// What is deleted, `nodes` or `relationships`; the prefix of the step's counts.
        let items: String
        /// The step's name, for progress events.
        let step: String
        /// The store operation that pages candidates, for errors.
        let scanOperation: String
        /// A page of candidates after a key, at most `limit` of them, in key order.
        let scanPage: (Key?, Int) async throws -> [Key]
        /// Deletes a page of candidates and returns how many existed.
        let deletePage: ([Key]) async throws -> Int

        /// Runs the step against a graph holding `total` such items.
        ///
        /// - Throws: ``DeletionRefusal`` when the guard refuses and the run is not forced, or
        ///   the store's errors.
        func run(total: Int, plan: Plan, context: JobContext, tally: StepTally) async throws {
            let candidates = try await count(context: context)
            tally.set("\(items).total", total)
            tally.set("\(items).candidates", candidates)
            tally.set("\(items).deleted", 0)

            guard try approve(deleting: candidates, of: total, plan: plan, context: context, tally: tally) else {
                return
            }
            let deleted = try await delete(upTo: candidates, context: context)
            tally.set("\(items).deleted", deleted)
            context.logger.info(
                "cleanup deleted \(items)",
                ["upkeep.step": step, "upkeep.deleted": String(deleted), "upkeep.total": String(total)])
        }

        /// Asks the guard and returns whether to delete; in a dry run, notes what would happen.
        private func approve(
            deleting candidates: Int,
            of total: Int,
            plan: Plan,
            context: JobContext,
            tally: StepTally
        ) throws -> Bool {
            let deletionGuard = plan.deletionGuard
            let verdict = deletionGuard.verdict(deleting: candidates, of: total, force: plan.options.force)
            if verdict == .refused, plan.options.dryRun {
                let refusal = deletionGuard.refusal(deleting: candidates, of: total, items: items)
                tally.set("guard.wouldRefuse", 1)
                tally.note("dry run; a real run would fail: \(refusal)")
                return false
            }

            try deletionGuard.check(deleting: candidates, of: total, items: items, force: plan.options.force)
            if verdict == .forced {
                let message =
                    "deletion guard overridden by force: \(candidates) of \(total) \(items), "
                    + "more than the \(deletionGuard.allowance(of: total)) allowed"
                tally.set("guard.forced", 1)
                tally.note(message)
                context.logger.warning(message, ["upkeep.step": step])
            }
            if plan.options.dryRun {
                tally.note("dry run: \(candidates) \(items) would be deleted")
                return false
            }
            return true
        }

        private func count(context: JobContext) async throws -> Int {
            let limit = context.options.batchSize
            var found = 0
            var position = KeysetPosition<Key>(store: .graph, operation: scanOperation)
            while true {
                try context.checkCancellation()
                let page = try await scanPage(position.after, limit)
                found += page.count
                guard let last = page.last, page.count == limit else { return found }
                try position.advance(past: last)
            }
        }

        private func delete(upTo approved: Int, context: JobContext) async throws -> Int {
            let limit = context.options.batchSize
            var remaining = approved
            var deleted = 0
            var position = KeysetPosition<Key>(store: .graph, operation: scanOperation)
            while remaining > 0 {
                try context.checkCancellation()
                let requested = min(limit, remaining)
                let page = try await scanPage(position.after, requested)
                guard let last = page.last else { break }

                deleted += try await deletePage(page)
                remaining -= page.count
                try position.advance(past: last)
                context.progress(step: step, completed: deleted, total: approved)
                if page.count < requested { break }
            }
            return deleted
        }
    }
}
