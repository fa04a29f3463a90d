/// The help texts of the `upkeep` command and its subcommands.
enum CommandHelp {
    /// `upkeep --help`.
    static let overview = """
        upkeep — scheduled upkeep of a knowledge graph, on embedded SQLite by default

        USAGE: upkeep COMMAND [OPTIONS]

        COMMANDS:
          demo                 Seed a synthetic data set (if the database is new) and run all five jobs
          seed                 Write the synthetic data set into the database
          job NAME|all         Run one job (relationships, sync, cache, statistics, cleanup) or all
          history              Show past runs from the run ledger
          cron next EXPR       Print the next fire times of a cron expression
          run                  Run the scheduler and workers until SIGTERM or SIGINT
          status               Show schedules, running jobs, last outcomes and dead letters
          retry ID             Publish a dead-lettered task again

        GLOBAL OPTIONS:
          --database PATH      SQLite database file (default ./upkeep.sqlite)
          --config FILE        JSON configuration for jobs and schedules
          --log-level LEVEL    trace, debug, info, notice, warning, error, critical (default warning)
          -h, --help           Show help for upkeep or for a command

        EXIT CODES: 0 success, 1 a job failed or the database could not be used, 2 usage error.
        Run 'upkeep COMMAND --help' for a command's options.
        """
}
