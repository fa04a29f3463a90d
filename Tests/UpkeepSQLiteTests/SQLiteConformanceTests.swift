import Foundation
import Testing
import Upkeep
import UpkeepSQLite
import UpkeepTesting

/// The shared conformance suites, each check against a new database file.
@Suite struct SQLiteConformanceTests {
    @Test(arguments: GraphStoreConformance.checks)
    func graphStoreConforms(_ check: GraphStoreConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        try await GraphStoreConformance.run(check) { try await directory.openFresh(clock: SystemClock()).graph }
    }

    @Test(arguments: WeightPassConformance.checks)
    func weightPassConforms(_ check: WeightPassConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        try await WeightPassConformance.run(check) { try await directory.openFresh(clock: SystemClock()).graph }
    }

    @Test(arguments: RecordStoreConformance.checks)
    func recordStoreConforms(_ check: RecordStoreConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        try await RecordStoreConformance.run(check) { try await directory.openFresh(clock: SystemClock()).records }
    }

    @Test(arguments: CacheStoreConformance.checks)
    func cacheStoreConforms(_ check: CacheStoreConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        try await CacheStoreConformance.run(check) { clock in try await directory.openFresh(clock: clock).cache }
    }

    @Test(arguments: TaskBusConformance.checks)
    func taskBusConforms(_ check: TaskBusConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        try await TaskBusConformance.run(check) { clock in try await directory.openFresh(clock: clock).taskBus }
    }

    @Test(arguments: RunLedgerConformance.checks)
    func runLedgerConforms(_ check: RunLedgerConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        try await RunLedgerConformance.run(check) { try await directory.openFresh(clock: SystemClock()).ledger }
    }
}
