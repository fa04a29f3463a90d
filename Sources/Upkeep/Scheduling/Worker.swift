import Foundation
import Synchronization

/// Consumes job tasks from the bus and runs them, with timeouts, retries and dead letters.
///
/// For each claimed `job.<name>` task the worker decodes a ``JobTaskPayload``, takes the job's
/// running lease unless the job may overlap (skipping the run when a previous one still holds
/// it), runs the job through ``JobRunner`` while extending its claim and lease every third of the
/// visibility timeout, and settles the task:
///
/// - success: acknowledged;
/// - failure or timeout with attempts left: the report is re-recorded as `retrying` and the task
///   put back after ``RetryPolicy/delay(afterAttempt:using:)``;
/// - failure on the last attempt: the report is recorded as `failed` and the task dead-lettered;
/// - malformed payload or unknown job: dead-lettered with the reason, never a crash.
///
/// ``shutdown()`` (or cancelling ``run()``) stops claiming and cancels the running job, which stops
/// at its next batch boundary with its report recorded as `cancelled`; its task is left
/// unsettled and is delivered again after the visibility timeout, without using up an attempt.
/// A job that ignores cancellation delays shutdown and timeouts until it returns.
public final class Worker: Sendable {
    /// The worker's settings.
    public let configuration: WorkerConfiguration

    let bus: any TaskBus
    let environment: JobEnvironment
    let jobs: [JobName: any Job]
    let logger: UpkeepLogger
    let keys: SchedulingKeys
    let random: Mutex<AnyRandomNumberGenerator>
    let control = Mutex(Control())

    /// Whether the worker is stopping, what to cancel to stop it, and its loop.
    struct Control {
        var stopping = false
        var cancelCurrent: (@Sendable () -> Void)?
        var loop: Task<Void, Never>?
    }

    /// Creates a worker.
    ///
    /// - Parameters:
    ///   - jobs: the jobs this worker can run, by name; tasks for other jobs are dead-lettered.
    ///   - random: the source of retry jitter; inject a ``SeededRandomNumberGenerator`` for
    ///     reproducible delays.
    public init(
        configuration: WorkerConfiguration = WorkerConfiguration(),
        bus: any TaskBus,
        environment: JobEnvironment,
        jobs: [JobName: any Job],
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.configuration = configuration
        self.bus = bus
        self.environment = environment
        self.jobs = jobs
        self.logger = environment.logger.with(["upkeep.worker": configuration.consumer])
        self.keys = SchedulingKeys(prefix: configuration.keyPrefix)
        self.random = Mutex(AnyRandomNumberGenerator(random))
    }

    var clock: any UpkeepClock { environment.clock }
    var cache: any CacheStore { environment.cache }
    var isStopping: Bool { control.withLock { $0.stopping } }

    // MARK: - Running

    /// Claims and runs tasks until ``shutdown()`` or cancellation; returns once the current job
    /// has stopped and its report is recorded.
    public func run() async {
        let loop = Task { await self.loop() }
        control.withLock { $0.loop = loop }
        await withTaskCancellationHandler {
            await loop.value
        } onCancel: {
            self.requestStop()
        }
    }

    /// Stops claiming, cancels the running job at its next batch boundary and waits until
    /// ``run()`` has finished.
    public func shutdown() async {
        requestStop()
        await control.withLock { $0.loop }?.value
    }

    /// Claims once (waiting up to `wait`, by default the configured claim wait) and processes what
    /// it got; for tests and hosts that drive the worker themselves.
    ///
    /// - Throws: the bus's error from the claim; failures after the claim become outcomes.
    public func poll(wait: Duration? = nil) async throws -> [WorkOutcome] {
        let wait = wait ?? .milliseconds(Int64(configuration.claimWaitSeconds * 1000))
        let deliveries = try await bus.claim(
            consumer: configuration.consumer, limit: 1, visibilityTimeout: configuration.visibilityTimeout,
            wait: wait)
        var outcomes: [WorkOutcome] = []
        for delivery in deliveries {
            outcomes.append(await process(delivery))
        }
        return outcomes
    }

    private func loop() async {
        while !isStopping {
            do {
                let wait = Duration.milliseconds(Int64(configuration.claimWaitSeconds * 1000))
                let deliveries = try await cancellable { [self] in
                    try await bus.claim(
                        consumer: configuration.consumer, limit: 1,
                        visibilityTimeout: configuration.visibilityTimeout, wait: wait)
                }
                for delivery in deliveries where !isStopping {
                    _ = await process(delivery)
                }
            } catch {
                guard !isStopping else { break }
                logger.error("claim failed", ["upkeep.error": String(describing: error)])
                try? await clock.sleep(for: .milliseconds(Int64(configuration.errorBackoffSeconds * 1000)))
            }
        }
        logger.info("worker stopped")
    }

    private func requestStop() {
        let cancel = control.withLock { control -> (@Sendable () -> Void)? in
            control.stopping = true
            return control.cancelCurrent
        }
        cancel?()
    }

    /// Runs `operation` in a task that ``shutdown()`` cancels; cancelled at once if the worker is
    /// already stopping.
    func cancellable<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let task = Task { try await operation() }
        let stopping = control.withLock { control -> Bool in
            control.cancelCurrent = { task.cancel() }
            return control.stopping
        }
        if stopping { task.cancel() }
        defer { control.withLock { $0.cancelCurrent = nil } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}
