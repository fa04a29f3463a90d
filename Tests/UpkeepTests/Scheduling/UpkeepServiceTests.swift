import Foundation
import Synchronization
import Testing
import Upkeep
import UpkeepTesting

@Suite("Upkeep service")
struct UpkeepServiceTests {
    @Test func serviceRunsScheduledJobsAndStopsGracefully() async throws {
        let fixture = SchedulingFixture(start: "2026-03-02T09:59:00Z")
        let job = BatchJob(name: .sync, batches: 2)
        var configuration = UpkeepServiceConfiguration(
            scheduler: SchedulerConfiguration(schedules: [.sync]),
            worker: WorkerConfiguration(consumer: "test"), workerCount: 2)
        configuration.worker.claimWaitSeconds = 30
        let service = try UpkeepService(
            configuration: configuration, bus: fixture.bus, environment: fixture.environment, jobs: [.sync: job])
        #expect(service.workers.map(\.configuration.consumer) == ["test-1", "test-2"])

        let running = Task { await service.run() }
        #expect(try await waitUntil { await service.scheduler?.isLeader == true })
        fixture.clock.set(to: CronTimeFormat.date(from: "2026-03-02T10:00:00Z")!)
        #expect(try await waitUntil { job.runCount == 1 })
        #expect(
            try await waitUntil { try await fixture.ledger.reports(job: .sync, limit: 1).first?.status == .succeeded })

        await service.shutdown()
        await running.value
        #expect(try await fixture.cache.get(["upkeep:scheduler:leader"]).isEmpty)
        #expect(job.runCount == 1)
    }

    @Test func workerConfigurationFollowsTheSchedules() {
        var sync = ScheduleConfiguration.sync
        sync.overlap = .allow
        let configuration = UpkeepServiceConfiguration(
            scheduler: SchedulerConfiguration(schedules: [sync, .cache], keyPrefix: "tenant-a:"),
            worker: WorkerConfiguration(consumer: "host"))
        let worker = configuration.workerConfiguration(index: 3)
        #expect(worker.consumer == "host-3")
        #expect(worker.keyPrefix == "tenant-a:")
        #expect(worker.overlappingJobs == [.sync])
    }

    @Test func signalHandlerTurnsASignalIntoACall() async throws {
        // SIGWINCH's default action is to do nothing, so a signal still in flight after `cancel()`
        // cannot end the test process. Dispatch registers the source asynchronously, so the signal
        // is sent until it arrives.
        let received = Mutex<Int32?>(nil)
        let handler = SignalHandler(signals: [SIGWINCH]) { number in received.withLock { $0 = number } }
        let arrived = try await waitUntil {
            kill(getpid(), SIGWINCH)
            return received.withLock { $0 } != nil
        }
        handler.cancel()
        #expect(arrived)
        #expect(received.withLock { $0 } == SIGWINCH)
    }
}
