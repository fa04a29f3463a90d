import Testing
import Upkeep
import UpkeepTesting

@Suite struct InMemoryConformanceTests {
    @Test(arguments: GraphStoreConformance.checks)
    func graphStoreConforms(_ check: GraphStoreConformance.Check) async throws {
        try await GraphStoreConformance.run(check) { InMemoryGraphStore() }
    }

    @Test(arguments: RecordStoreConformance.checks)
    func recordStoreConforms(_ check: RecordStoreConformance.Check) async throws {
        try await RecordStoreConformance.run(check) { InMemoryRecordStore() }
    }

    @Test(arguments: CacheStoreConformance.checks)
    func cacheStoreConforms(_ check: CacheStoreConformance.Check) async throws {
        try await CacheStoreConformance.run(check) { clock in InMemoryCacheStore(clock: clock) }
    }

    @Test(arguments: TaskBusConformance.checks)
    func taskBusConforms(_ check: TaskBusConformance.Check) async throws {
        try await TaskBusConformance.run(check) { clock in InMemoryTaskBus(clock: clock) }
    }

    @Test(arguments: RunLedgerConformance.checks)
    func runLedgerConforms(_ check: RunLedgerConformance.Check) async throws {
        try await RunLedgerConformance.run(check) { InMemoryRunLedger() }
    }
}
