import Foundation

/// A scheduler and a pool of workers run together, stopped gracefully on request.
///
/// `upkeep run` builds one from its configuration, hooks SIGTERM and SIGINT to ``shutdown()``
/// with a ``SignalHandler`` and awaits ``run()``:
///
/// ```swift
/// let service = try UpkeepService(
///     configuration: configuration, bus: bus, environment: environment, jobs: jobs)
/// let signals = SignalHandler { _ in Task { await service.shutdown() } }
/// await service.run()   // returns once every worker has stopped
/// signals.cancel()
/// ```
public final class UpkeepService: Sendable {
    /// The scheduler, or `nil` for a worker-only process.
    public let scheduler: Scheduler?
    /// The workers.
    public let workers: [Worker]

    /// Creates a service from parts built by the host.
    public init(scheduler: Scheduler?, workers: [Worker]) {
        self.scheduler = scheduler
        self.workers = workers
    }

    /// Creates a service with a scheduler (unless disabled) and
    /// ``UpkeepServiceConfiguration/workerCount`` workers named `<consumer>-1`, `<consumer>-2`, ….
    ///
    /// - Throws: ``ScheduleConfigurationError`` for an invalid schedule.
    public convenience init(
        configuration: UpkeepServiceConfiguration = UpkeepServiceConfiguration(),
        bus: any TaskBus,
        environment: JobEnvironment,
        jobs: [JobName: any Job]
    ) throws(ScheduleConfigurationError) {
        let scheduler =
            configuration.runsScheduler
            ? try Scheduler(
                configuration: configuration.scheduler, cache: environment.cache, bus: bus,
                clock: environment.clock, logger: environment.logger)
            : nil
        let workers = (1...max(1, configuration.workerCount)).map { index in
            Worker(
                configuration: configuration.workerConfiguration(index: index), bus: bus, environment: environment,
                jobs: jobs)
        }
        self.init(scheduler: scheduler, workers: workers)
    }

    /// Runs the scheduler and every worker until ``shutdown()`` or cancellation; returns when all
    /// have stopped, each worker's current job finished or cancelled at a batch boundary.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            if let scheduler {
                group.addTask { await scheduler.run() }
            }
            for worker in workers {
                group.addTask { await worker.run() }
            }
        }
    }

    /// Stops the scheduler (releasing its lease) and every worker, and waits for them.
    public func shutdown() async {
        await scheduler?.shutdown()
        await withTaskGroup(of: Void.self) { group in
            for worker in workers {
                group.addTask { await worker.shutdown() }
            }
        }
    }
}
