import Foundation
import Upkeep

/// `upkeep run`: the scheduler and workers on the SQLite database until SIGTERM or SIGINT.
enum RunCommand {
    static let spec = CommandSpec(
        path: ["run"],
        synopsis: "run [--workers N] [--no-scheduler] [--no-workers]",
        summary: """
            Runs the scheduler, which publishes each schedule's slot onto the database's task bus, \
            and workers, which run the jobs with retries and dead letters. Any number of processes \
            may share one database: only one scheduler leads and each task goes to one worker. \
            SIGTERM or SIGINT stops taking tasks, lets the running job finish or stop at its next \
            batch, releases leases and exits 0.
            """,
        options: [
            .value("--workers", "N", "Worker count (default from the configuration, 2)"),
            .flag("--no-scheduler", "Only run workers"),
            .flag("--no-workers", "Only run the scheduler"),
        ],
        run: { arguments, context in try await run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async throws -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "unexpected argument '\(arguments.positionals[0])'", command: "run")
        }
        if arguments.has("--no-scheduler") && arguments.has("--no-workers") {
            throw UsageError(message: "--no-scheduler and --no-workers together leave nothing to run", command: "run")
        }
        var configuration = context.configuration.service
        configuration.workerCount = try arguments.positiveInt("--workers", default: configuration.workerCount)
        configuration.runsScheduler = !arguments.has("--no-scheduler")
        configuration.worker.batchSize = context.configuration.batchSize

        let stores = try await StoreSet.open(context, mustExist: false)
        let environment = stores.environment(logger: context.logger)
        let scheduler =
            configuration.runsScheduler
            ? try Scheduler(
                configuration: configuration.scheduler, cache: stores.cache, bus: stores.bus, clock: stores.clock,
                logger: context.logger)
            : nil
        let workers =
            arguments.has("--no-workers")
            ? []
            : (1...configuration.workerCount).map { index in
                Worker(
                    configuration: configuration.workerConfiguration(index: index), bus: stores.bus,
                    environment: environment, jobs: context.configuration.jobs)
            }
        let service = UpkeepService(scheduler: scheduler, workers: workers)

        let signals = SignalHandler { number in
            context.logger.log(.notice, "shutting down", ["upkeep.signal": String(number)])
            Task { await service.shutdown() }
        }
        context.logger.log(
            .notice, "upkeep running",
            ["upkeep.workers": String(workers.count), "upkeep.scheduler": String(scheduler != nil)])
        await service.run()
        signals.cancel()
        context.logger.log(.notice, "upkeep stopped")
        return ExitCode.success
    }
}
