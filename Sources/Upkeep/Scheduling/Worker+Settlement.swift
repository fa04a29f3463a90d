import Foundation

extension Worker {
    // MARK: - Settling

    /// Acknowledges, retries, dead-letters or leaves the task according to how the run ended.
    func settle(_ execution: Execution, _ delivery: TaskDelivery) async -> WorkOutcome {
        let report = execution.report
        if execution.interrupted {
            logger.info(
                "job interrupted by shutdown; task left for redelivery", ["upkeep.task": delivery.task.id])
            return .released(reason: "worker shut down", report: report)
        }
        if execution.claimLost {
            return .released(reason: "claim lost while running", report: report)
        }
        do {
            if report.status == .succeeded {
                try await bus.ack(delivery)
                return .completed(report)
            }
            return try await fail(report, delivery, timedOut: execution.timedOut)
        } catch {
            logger.error("settling task failed", ["upkeep.task": delivery.task.id, "upkeep.error": "\(error)"])
            return .released(reason: "settling failed: \(error)", report: report)
        }
    }

    /// Records a failed attempt and either schedules a retry or dead-letters the task.
    private func fail(
        _ failed: JobReport,
        _ delivery: TaskDelivery,
        timedOut: Bool
    ) async throws -> WorkOutcome {
        var report = failed
        let timeout = configuration.timeout(for: report.job)
        if timedOut { report.errors.append("timed out after \(timeout) seconds") }
        let error = report.errors.last ?? "job ended with status \(failed.status.rawValue)"
        let attempt = delivery.task.attempt
        let policy = configuration.retry

        guard policy.allowsRetry(afterAttempt: attempt) else {
            report.status = .failed
            try await environment.ledger.record(report)
            let reason = "job \(report.job) failed on attempt \(attempt + 1) of \(policy.maxAttempts): \(error)"
            try await bus.deadLetter(delivery, reason: reason)
            logger.error("task dead-lettered", ["upkeep.task": delivery.task.id, "upkeep.reason": reason])
            return .deadLettered(reason: reason, report: report)
        }

        let delay = random.withLock { policy.delay(afterAttempt: attempt, using: &$0) }
        let retryAt = clock.now().addingTimeInterval(delay.timeInterval)
        let notBefore = Date(epochMilliseconds: retryAt.epochMilliseconds)
        report.status = .retrying
        try await environment.ledger.record(report)
        try await bus.retry(delivery, notBefore: notBefore, error: error)
        logger.warning(
            "job failed; retrying",
            ["upkeep.task": delivery.task.id, "upkeep.attempt": String(attempt), "upkeep.delay": "\(delay)"])
        return .retrying(report, notBefore: notBefore)
    }

    /// Dead-letters a task that cannot be run at all.
    func deadLetter(_ delivery: TaskDelivery, reason: String) async -> WorkOutcome {
        logger.error("task dead-lettered", ["upkeep.task": delivery.task.id, "upkeep.reason": reason])
        do {
            try await bus.deadLetter(delivery, reason: reason)
            return .deadLettered(reason: reason, report: nil)
        } catch {
            return .released(reason: "dead-lettering failed: \(error)", report: nil)
        }
    }

    /// Records a skipped run and acknowledges its task.
    func skip(
        _ delivery: TaskDelivery,
        _ payload: JobTaskPayload,
        holder: Lease.Holder?
    ) async -> WorkOutcome {
        let now = clock.now()
        let note =
            "skipped: still running" + (holder.map { " (held by \($0.owner) for task \($0.subject ?? "?"))" } ?? "")
        let report = JobReport(
            job: payload.job, status: .skipped, startedAt: now, finishedAt: now, dryRun: payload.dryRun,
            attempt: delivery.task.attempt, steps: [StepReport(name: "overlap", outcome: .skipped, notes: [note])],
            errors: ["skipped: still running"])
        do {
            try await environment.ledger.record(report)
            try await bus.ack(delivery)
            logger.info("run skipped: previous run still going", ["upkeep.job": payload.job.rawValue])
            return .skipped(report)
        } catch {
            return .released(reason: "recording skip failed: \(error)", report: report)
        }
    }

    // MARK: - Running lease

    /// The result of trying to take a job's running lease.
    enum RunningLease {
        case acquired(Lease)
        case busy(Lease.Holder?)
        case unavailable(any Error)
    }

    /// Takes the job's running lease. A lease left by an earlier claim of this same task is taken
    /// over: the bus hands a task to one claim at a time, so that claim has lapsed.
    func takeRunningLease(_ job: JobName, _ delivery: TaskDelivery) async -> RunningLease {
        let key = keys.running(job)
        let ttl = configuration.visibilityTimeout
        do {
            if let lease = try await acquireRunning(key, delivery, ttl) { return .acquired(lease) }
            guard let (holder, value) = try await Lease.holder(of: key, in: cache) else {
                return try await acquireRunning(key, delivery, ttl).map(RunningLease.acquired) ?? .busy(nil)
            }
            if holder.subject == delivery.task.id, try await cache.deleteIfEqual(key, value: value),
                let lease = try await acquireRunning(key, delivery, ttl)
            {
                logger.info("took over running lease of an abandoned claim", ["upkeep.task": delivery.task.id])
                return .acquired(lease)
            }
            return .busy(holder)
        } catch {
            return .unavailable(error)
        }
    }

    private func acquireRunning(
        _ key: String,
        _ delivery: TaskDelivery,
        _ ttl: Duration
    ) async throws -> Lease? {
        try await Lease.acquire(
            key, owner: configuration.consumer, subject: delivery.task.id, ttl: ttl, cache: cache, clock: clock)
    }

    /// Releases a running lease; a failure is logged, since the lease expires anyway.
    func release(_ lease: Lease?) async {
        guard let lease else { return }
        do {
            try await lease.release(in: cache)
        } catch {
            logger.warning("running lease release failed", ["upkeep.lease": lease.key, "upkeep.error": "\(error)"])
        }
    }
}
