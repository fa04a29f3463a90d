import Foundation
import Testing
import Upkeep

/// The behaviour every ``TaskBus`` must show, as one check per behaviour.
///
/// The factory receives the clock the bus must read visibility times from: a ``ManualClock``
/// under ``ConformanceTime/manual`` (the default) or a ``SystemClock`` under
/// ``ConformanceTime/real(unit:)``, for buses whose timeouts a server keeps.
///
/// ```swift
/// @Test(arguments: TaskBusConformance.checks)
/// func taskBusConforms(_ check: TaskBusConformance.Check) async throws {
///     try await TaskBusConformance.run(check) { clock in InMemoryTaskBus(clock: clock) }
/// }
/// ```
///
/// The factory must return a fresh, empty bus for every call. Checks that depend on how long a
/// claim waits suspend a concurrent `claim` and need the bus to wait on the clock it was given.
public enum TaskBusConformance {
    /// Makes a fresh, empty task bus that reads time from the given clock.
    public typealias Factory = @Sendable (any UpkeepClock) async throws -> any TaskBus

    /// One behaviour of a task bus.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// A published task is delivered once with all its fields and hidden from others.
        case publishedTaskIsDeliveredWithItsFields
        /// A task with an idempotency key already published is a duplicate, even after an ack.
        case idempotencyKeyPublishesOnce
        /// A task stays hidden until its `notBefore`.
        case futureTasksStayHiddenUntilNotBefore
        /// Claims return at most the limit and hand each task out once.
        case claimsHonourTheLimit
        /// An unacknowledged task is delivered again after its visibility timeout.
        case unacknowledgedTaskIsRedeliveredAfterItsVisibilityTimeout
        /// An acknowledged task is never delivered again.
        case acknowledgedTaskIsNeverRedelivered
        /// Extending a claim hides the task longer; a lost claim cannot be extended.
        case extendKeepsAClaimUntilItIsLost
        /// A retried task comes back with its attempt incremented, not before the new instant.
        case retryIncrementsTheAttemptAndWaitsForNotBefore
        /// Dead letters are listed newest first with their reasons and are not delivered.
        case deadLettersAreListedNewestFirst
        /// Redriving a dead letter publishes its task again with attempt 0, once.
        case redriveRepublishesADeadLetterWithItsAttemptReset
        /// A waiting claim takes a task published while it waits.
        case claimWakesForATaskPublishedWhileWaiting
        /// A claim with nothing to take returns empty once its wait is over.
        case claimGivesUpAfterItsWait
        /// Concurrent consumers never receive the same task.
        case concurrentClaimsNeverShareATask
        /// Empty publishes and zero-limit claims do nothing.
        case emptyPublishesAndClaimsDoNothing

        /// The behaviour's name.
        public var description: String { rawValue }
    }

    /// Every check, in declaration order.
    public static var checks: [Check] { Check.allCases }

    /// Runs one check against a fresh bus from `makeStore`, moving time as `time` says.
    ///
    /// - Throws: an error from the bus, or a ``ConformanceFailure`` when a check cannot go on.
    public static func run(_ check: Check, time: ConformanceTime = .manual, makeStore: Factory) async throws {
        let clock = time.start()
        let bus = try await makeStore(clock.clock)
        switch check {
        case .publishedTaskIsDeliveredWithItsFields: try await publishedTaskIsDelivered(bus, clock)
        case .idempotencyKeyPublishesOnce: try await idempotencyKeyPublishesOnce(bus, clock)
        case .futureTasksStayHiddenUntilNotBefore: try await futureTasksStayHidden(bus, clock)
        case .claimsHonourTheLimit: try await claimsHonourTheLimit(bus, clock)
        case .unacknowledgedTaskIsRedeliveredAfterItsVisibilityTimeout:
            try await unacknowledgedIsRedelivered(bus, clock)
        case .acknowledgedTaskIsNeverRedelivered: try await acknowledgedTaskIsNeverRedelivered(bus, clock)
        case .extendKeepsAClaimUntilItIsLost: try await extendKeepsAClaimUntilItIsLost(bus, clock)
        case .retryIncrementsTheAttemptAndWaitsForNotBefore: try await retryIncrementsTheAttempt(bus, clock)
        case .deadLettersAreListedNewestFirst: try await deadLettersAreListedNewestFirst(bus, clock)
        case .redriveRepublishesADeadLetterWithItsAttemptReset: try await redriveRepublishes(bus, clock)
        case .claimWakesForATaskPublishedWhileWaiting: try await claimWakesForAPublishedTask(bus, clock)
        case .claimGivesUpAfterItsWait: try await claimGivesUpAfterItsWait(bus, clock)
        case .concurrentClaimsNeverShareATask: try await concurrentClaimsNeverShareATask(bus, clock)
        case .emptyPublishesAndClaimsDoNothing: try await emptyPublishesAndClaimsDoNothing(bus, clock)
        }
    }

    // MARK: - Helpers

    static func task(_ id: String, _ clock: CheckClock, key: String? = nil, at notBefore: Date? = nil) -> UpkeepTask {
        UpkeepTask(
            id: id, type: "job.test", payload: Data(#"{"id":"\#(id)"}"#.utf8), notBefore: notBefore ?? clock.now(),
            idempotencyKey: key)
    }

    /// Claims without waiting, hiding claimed tasks for `units` of time.
    static func claimNow(
        _ bus: any TaskBus,
        _ clock: CheckClock,
        consumer: String = "c1",
        limit: Int = 10,
        hiding units: Double = 5
    ) async throws -> [TaskDelivery] {
        try await bus.claim(consumer: consumer, limit: limit, visibilityTimeout: clock.duration(units), wait: .zero)
    }
}
