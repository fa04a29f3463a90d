/// The name of one of Upkeep's jobs.
public struct JobName: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The job's name as used on the command line and in task types.
    public var rawValue: String

    /// Creates a job name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a job name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Decays and boosts relationship weights.
    public static let relationships = JobName("relationships")
    /// Mirrors changed source rows into the graph and checks consistency.
    public static let sync = JobName("sync")
    /// Warms caches: hot queries, the tag tree, active users' graphs.
    public static let cache = JobName("cache")
    /// Computes activity, daily statistics, content quality, recommendations and profiles.
    public static let statistics = JobName("statistics")
    /// Archives stale rows, removes orphans and weak edges, runs store maintenance.
    public static let cleanup = JobName("cleanup")

    /// The five jobs in the order `upkeep job all` runs them.
    public static let all: [JobName] = [.sync, .relationships, .cache, .statistics, .cleanup]

    public var description: String { rawValue }

    public static func < (lhs: JobName, rhs: JobName) -> Bool { lhs.rawValue < rhs.rawValue }
}
