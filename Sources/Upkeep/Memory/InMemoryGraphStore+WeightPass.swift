import Foundation

extension InMemoryGraphStore: WeightPassStore {
    /// Evaluates up to `limit` stale relationships after `position` in one locked walk over the
    /// store's weight fields, writing the changed ones in place.
    ///
    /// Pages follow slot order. Every relationship gets a serial when it is inserted that is
    /// never reused and only grows with the slot index, and a position is the serial of the last
    /// slot a page examined, so a pass visits each relationship at most once whatever is inserted
    /// or deleted between pages: new relationships come after every position handed out, deleted
    /// ones are skipped, and compaction keeps serials. A page stops early when no stale
    /// relationship is left after it, so the last page says so with `next == nil`.
    ///
    /// Per relationship the walk reads one ``WeightFields`` value (plain numbers, no strings),
    /// answers the interaction window from the slot's copy of the target's latest interaction or
    /// by binary search in the target's packed timeline, and touches the relationship's key only
    /// to report a problem or a changed user.
    ///
    /// Complexity: O(log n) to find the page's start, then O(s + w·log m) for s slots examined,
    /// w windows that reach a timeline and m interactions per target.
    ///
    /// - Throws: ``StoreError`` with code `invalidInput` when `limit` is less than 1.
    public func updateWeights(
        _ pass: WeightPass,
        after position: WeightPassPosition?,
        limit: Int
    ) async throws -> WeightPassPage {
        guard limit > 0 else { throw StoreError.weightPassLimit(limit) }
        return state.withLock { $0.updateWeights(pass, after: position, limit: limit) }
    }
}

// MARK: - The walk

extension InMemoryGraphStore.State {
    /// One page of a weight pass; see ``InMemoryGraphStore/updateWeights(_:after:limit:)``.
    mutating func updateWeights(
        _ pass: WeightPass,
        after position: WeightPassPosition?,
        limit: Int
    ) -> WeightPassPage {
        packTimelines()
        let staleBefore = Self.firstMillisecond(notBefore: pass.staleBefore)
        let now = pass.now.epochMilliseconds
        var page = WeightPassPage(next: nil)

        var index = position.map { firstSlot(afterSerial: $0.value) } ?? 0
        while index < fields.count, page.totals.scanned < limit {
            if fields[index].isLive, fields[index].updatedAt < staleBefore {
                evaluate(slot: index, pass, now: now, into: &page)
            }
            index += 1
        }

        while index < fields.count, !(fields[index].isLive && fields[index].updatedAt < staleBefore) {
            index += 1
        }
        if index < fields.count {
            page.next = WeightPassPosition(fields[index - 1].serial)
        }
        return page
    }

    /// The index of the first slot whose serial is greater than `serial`; O(log n).
    private func firstSlot(afterSerial serial: Int64) -> Int {
        InMemoryIndex.partitionPoint(fields) { $0.serial > serial }
    }

    /// Evaluates the relationship in `slot`, adds it to the page and writes it if it changed.
    @inline(__always)
    private mutating func evaluate(
        slot index: Int,
        _ pass: WeightPass,
        now: Int64,
        into page: inout WeightPassPage
    ) {
        let stored = fields[index]
        let boostedThrough = stored.boostedThroughDate
        let after = pass.windowStart(
            boostedThrough: boostedThrough, createdAt: Date(epochMilliseconds: stored.createdAt)
        ).epochMilliseconds
        let tally =
            stored.targetLatest <= after || stored.timeline < 0
            ? InteractionTally.zero
            : timelines.tally(stored.timeline, afterMillis: after, throughMillis: now)

        let evaluation = pass.evaluate(
            storedWeight: stored.weight, updatedAt: Date(epochMilliseconds: stored.updatedAt),
            boostedThrough: boostedThrough, lastInteractionAt: stored.lastInteractionDate, tally: tally)
        page.totals.add(evaluation)
        if let problem = evaluation.outcome.problem, page.problems.count < pass.problemLimit {
            page.problems.append(
                WeightProblem(key: slots[index].key, storedWeight: stored.weight, problem: problem))
        }
        guard evaluation.needsWrite else { return }

        if pass.collectsUsers {
            if stored.fromIsUser { page.changedUsers.append(slots[index].key.from.id) }
            if stored.toIsUser { page.changedUsers.append(slots[index].key.to.id) }
        }
        guard !pass.dryRun else { return }
        fields[index].apply(
            weight: evaluation.weight, updatedAt: now, boostedThrough: evaluation.boostedThrough,
            lastInteractionAt: evaluation.lastInteractionAt)
        page.totals.written += 1
    }
}
