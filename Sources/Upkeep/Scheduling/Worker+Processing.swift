import Foundation

extension Worker {
    /// Decodes, runs and settles one delivery; never throws, so a bad task cannot stop the worker.
    func process(_ delivery: TaskDelivery) async -> WorkOutcome {
        let payload: JobTaskPayload
        do {
            payload = try JobTaskPayload(decoding: delivery.task)
        } catch {
            return await deadLetter(delivery, reason: error.description)
        }
        guard let job = jobs[payload.job] else {
            let known = jobs.keys.sorted().map(\.rawValue).joined(separator: ", ")
            let reason = "unknown job \"\(payload.job)\" in task \(delivery.task.id); this worker runs: \(known)"
            return await deadLetter(delivery, reason: reason)
        }

        var runningLease: Lease?
        if !configuration.overlappingJobs.contains(job.name) {
            switch await takeRunningLease(job.name, delivery) {
            case .acquired(let lease): runningLease = lease
            case .busy(let holder): return await skip(delivery, payload, holder: holder)
            case .unavailable(let error):
                return .released(reason: "running lease unavailable: \(error)", report: nil)
            }
        }

        guard !isStopping else {
            await release(runningLease)
            return .released(reason: "worker shut down before the job started", report: nil)
        }
        let execution = await execute(job, payload, delivery, runningLease)
        await release(runningLease)
        return await settle(execution, delivery)
    }

    // MARK: - Execution

    /// How a job run ended, as seen by the worker.
    struct Execution: Sendable {
        var report: JobReport
        var timedOut = false
        var claimLost = false
        var interrupted = false
    }

    private enum Event: Sendable {
        case finished(JobReport)
        case timedOut
        case claimLost
        case stopped
    }

    /// Runs the job with a timeout and a heartbeat, in a task ``shutdown()`` can cancel.
    private func execute(
        _ job: any Job,
        _ payload: JobTaskPayload,
        _ delivery: TaskDelivery,
        _ lease: Lease?
    ) async -> Execution {
        let options = JobOptions(
            batchSize: configuration.batchSize, dryRun: payload.dryRun, force: payload.force,
            attempt: delivery.task.attempt)
        let deadline = clock.now().addingTimeInterval(configuration.timeout(for: job.name))
        let operation: @Sendable () async -> Execution = { [self] in
            var execution = await race(job, options: options, deadline: deadline, delivery, lease)
            execution.interrupted = Task.isCancelled && !execution.timedOut && !execution.claimLost
            return execution
        }
        do {
            return try await cancellable(operation)
        } catch {
            let now = clock.now()
            let report = JobReport(
                job: job.name, status: .cancelled, startedAt: now, finishedAt: now, errors: ["\(error)"])
            return Execution(report: report, interrupted: true)
        }
    }

    /// Runs the job against its deadline and heartbeat; the first to end decides, and the job is
    /// cancelled unless it finished.
    private func race(
        _ job: any Job,
        options: JobOptions,
        deadline: Date,
        _ delivery: TaskDelivery,
        _ lease: Lease?
    ) async -> Execution {
        let runner = JobRunner(environment: environment)
        let clock = self.clock
        return await withTaskGroup(of: Event.self) { group in
            group.addTask { .finished(await runner.run(job, options: options)) }
            group.addTask { (try? await clock.sleep(until: deadline)) == nil ? .stopped : .timedOut }
            group.addTask { await self.heartbeat(delivery, lease) }

            let placeholder = JobReport(job: job.name, status: .failed, startedAt: clock.now())
            var execution = Execution(report: placeholder)
            while let event = await group.next() {
                switch event {
                case .finished(let report):
                    execution.report = report
                    group.cancelAll()
                case .timedOut:
                    execution.timedOut = true
                    group.cancelAll()
                case .claimLost:
                    execution.claimLost = true
                    group.cancelAll()
                case .stopped:
                    continue
                }
            }
            return execution
        }
    }

    /// Extends the claim and renews the running lease every third of the visibility timeout;
    /// returns `.claimLost` if the bus gave the task to someone else, `.stopped` when cancelled.
    private func heartbeat(_ delivery: TaskDelivery, _ lease: Lease?) async -> Event {
        while true {
            do {
                try await clock.sleep(for: configuration.heartbeatInterval)
            } catch {
                return .stopped
            }
            do {
                guard try await bus.extend(delivery, visibilityTimeout: configuration.visibilityTimeout) else {
                    logger.warning("claim lost while running", ["upkeep.task": delivery.task.id])
                    return .claimLost
                }
                if let lease, try await !lease.renew(ttl: configuration.visibilityTimeout, in: cache) {
                    logger.warning("running lease lost", ["upkeep.lease": lease.key])
                }
            } catch {
                logger.warning("heartbeat failed", ["upkeep.error": String(describing: error)])
            }
        }
    }
}
