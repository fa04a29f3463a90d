import Foundation

/// How often and how long to wait before a failed task is tried again.
///
/// The delay after attempt `n` (0 for the first) is "full jitter" exponential backoff:
/// `delay = random(0, min(cap, base · 2ⁿ))`, drawn uniformly, so retries from many workers spread
/// out instead of arriving together. After ``maxAttempts`` attempts the task is dead-lettered.
public struct RetryPolicy: Hashable, Sendable, Codable {
    /// The backoff of the first retry before jitter, in seconds.
    public var baseSeconds: Double
    /// The largest backoff before jitter, in seconds.
    public var capSeconds: Double
    /// How many attempts in total, the first included.
    public var maxAttempts: Int

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case baseSeconds, capSeconds, maxAttempts
    }

    /// Decodes a policy; every key is optional and a missing one takes its default.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            baseSeconds: try container.decode(.baseSeconds, default: 30),
            capSeconds: try container.decode(.capSeconds, default: 1_800),
            maxAttempts: try container.decode(.maxAttempts, default: 5)
        )
    }

    /// Creates a policy.
    public init(baseSeconds: Double = 30, capSeconds: Double = 1_800, maxAttempts: Int = 5) {
        self.baseSeconds = max(0, baseSeconds)
        self.capSeconds = max(0, capSeconds)
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Whether a task that failed on attempt `attempt` (0 for the first) gets another try.
    public func allowsRetry(afterAttempt attempt: Int) -> Bool {
        attempt + 1 < maxAttempts
    }

    /// The upper bound of the delay after attempt `attempt`: `min(cap, base · 2^attempt)`.
    public func ceiling(afterAttempt attempt: Int) -> Double {
        let exponent = Double(min(max(attempt, 0), 62))
        return min(capSeconds, baseSeconds * pow(2, exponent))
    }

    /// The delay before the retry after attempt `attempt`, drawn uniformly from
    /// `0...ceiling(afterAttempt:)` with `random`.
    public func delay(afterAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterAttempt: attempt)
        guard ceiling > 0 else { return .zero }
        let milliseconds = Int64.random(in: 0...Int64(ceiling * 1000), using: &random)
        return .milliseconds(milliseconds)
    }
}
