import Foundation
import Synchronization
import Testing
import Upkeep
import UpkeepDemo
import UpkeepTesting

@Suite("Relationships job")
struct RelationshipsJobTests {
    private let day = WeightFixtures.day

    // MARK: - End to end

    @Test func decaysBoostsWritesAndInvalidatesCaches() async throws {
        let world = try await RelationshipsWorld()
        let authored = try await world.authored(1, note: 1, weight: 0.8, daysAgo: 30)
        let tagged = try await world.tagged(2, weight: 1, daysAgo: 60)
        try await world.interact(with: NodeKey(.tag, 1), minutesAgo: [5, 50, 500])
        try await world.cache.set([CacheEntry(key: "user:1:graph", value: Data("x".utf8), ttl: nil, user: "1")])

        let report = await world.run(RelationshipsJob())

        #expect(report.status == .succeeded)
        #expect(report.steps.map(\.name) == ["update-weights", "log"])
        let counts = try #require(report.step("update-weights")).counts
        #expect(counts["edges.scanned"] == 2)
        #expect(counts["edges.decayed"] == 2)
        #expect(counts["edges.boosted"] == 1)
        #expect(counts["edges.changed"] == 2)
        #expect(counts["edges.written"] == 2)
        #expect(counts["interactions.counted"] == 3)
        #expect(counts["weights.invalid"] == 0)
        #expect(counts["users.affected"] == 1)
        #expect(counts["users.invalidated"] == 1)
        #expect(counts["cache.entries.deleted"] == 1)
        #expect(try await world.cache.get(["user:1:graph"]).isEmpty)

        let stored = try await world.weights([authored, tagged])
        #expect(abs(stored[0] - 0.4) < 1e-12)
        #expect(abs(stored[1] - (0.25 + 0.15)) < 1e-12)
    }

    @Test func eachUserIsInvalidatedOncePerRunAcrossBatches() async throws {
        let world = try await RelationshipsWorld()
        for note in 1...5 {
            _ = try await world.authored(1, note: Int64(note), weight: 0.8, daysAgo: 3)
        }
        _ = try await world.authored(2, note: 1, weight: 0.8, daysAgo: 3)

        let report = await world.run(RelationshipsJob(), options: JobOptions(batchSize: 2))

        #expect(report.step("update-weights")?.counts["batches"] == 3)
        #expect(report.step("update-weights")?.counts["users.affected"] == 2)
        #expect(report.step("update-weights")?.counts["users.invalidated"] == 2)
        #expect(try await world.ledger.report(id: report.id) == report)
    }

    @Test func sameInteractionsDoNotBoostOnTheNextRun() async throws {
        let world = try await RelationshipsWorld()
        let key = try await world.tagged(1, weight: 0.5, daysAgo: 1)
        try await world.interact(with: NodeKey(.tag, 1), minutesAgo: [1, 2])

        let first = await world.run(RelationshipsJob())
        world.clock.advance(seconds: 600)
        let second = await world.run(RelationshipsJob())

        #expect(first.step("update-weights")?.counts["interactions.counted"] == 2)
        #expect(second.step("update-weights")?.counts["interactions.counted"] == 0)
        #expect(second.step("update-weights")?.counts["edges.boosted"] == 0)
        let afterFirst = HalfLifeDecay.standard.decayed(0.5, elapsed: day) + 0.1
        let expected = HalfLifeDecay.standard.decayed(afterFirst, elapsed: 600)
        #expect(abs(try await world.weights([key])[0] - expected) < 1e-12)
    }

    @Test func runningEveryTenMinutesMatchesOneRunThroughTheStore() async throws {
        let frequent = try await RelationshipsWorld()
        let once = try await RelationshipsWorld()
        var random = SeededRandomNumberGenerator(seed: 0x5EED_0003)
        var keys: [RelationshipKey] = []
        for note in 1...20 {
            let weight = Double.random(in: 0...1, using: &random)
            let age = Double.random(in: 0...90, using: &random)
            keys.append(try await frequent.tagged(Int64(note), weight: weight, daysAgo: age))
            _ = try await once.tagged(Int64(note), weight: weight, daysAgo: age)
        }
        let job = RelationshipsJob(configuration: .init(halfLifeDays: 3))

        for _ in 0..<(3 * 144) {
            frequent.clock.advance(seconds: 600)
            #expect(await frequent.run(job).status == .succeeded)
        }
        once.clock.advance(seconds: 3 * day)
        _ = await once.run(job)

        let stepped = try await frequent.weights(keys)
        let direct = try await once.weights(keys)
        for index in keys.indices {
            #expect(abs(stepped[index] - direct[index]) <= 1e-9)
        }
    }

    @Test func decayRunsFromTheLastWriteNotFromCreation() async throws {
        let world = try await RelationshipsWorld()
        let note = RelationshipKey(.taggedWith, from: NodeKey(.note, 1), to: NodeKey(.tag, 1))
        let key = try await world.relate(note, weight: 0.8, daysAgo: 30, createdDaysAgo: 900)

        _ = await world.run(RelationshipsJob())

        #expect(abs(try await world.weights([key])[0] - 0.4) < 1e-12)
    }

    @Test func clockBetweenMillisecondsDoesNotDecayTheSameTimeTwice() async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600.000_456_7)
        let frequent = try await RelationshipsWorld(now: now)
        let once = try await RelationshipsWorld(now: now)
        let key = try await frequent.tagged(1, weight: 0.9, daysAgo: 0.01)
        _ = try await once.tagged(1, weight: 0.9, daysAgo: 0.01)
        let job = RelationshipsJob(configuration: .init(halfLifeDays: 0.01))

        for _ in 0..<4 {
            frequent.clock.advance(seconds: 300)
            _ = await frequent.run(job)
        }
        once.clock.advance(seconds: 1_200)
        _ = await once.run(job)

        #expect(abs(try await frequent.weights([key])[0] - once.weights([key])[0]) < 1e-12)
    }

    @Test func seedCompatibilityReproducesTheWorkedExample() async throws {
        let world = try await RelationshipsWorld()
        let key = try await world.tagged(1, weight: 0.8, daysAgo: 40)
        try await world.interact(with: NodeKey(.tag, 1), minutesAgo: [10, 20, 30, 60 * 24 * 31])
        let job = RelationshipsJob(configuration: .init(decay: .step, boostMode: .window))

        let report = await world.run(job)

        #expect(report.status == .succeeded)
        #expect(report.step("update-weights")?.counts["interactions.counted"] == 3)
        #expect(abs(try await world.weights([key])[0] - 0.71) < 1e-12)
    }

    // MARK: - Data problems and options

    @Test func invalidStoredWeightsAreCountedAndReplaced() async throws {
        let world = try await RelationshipsWorld()
        let broken = try await world.tagged(1, weight: .nan, daysAgo: 2)
        let infinite = try await world.tagged(2, weight: .infinity, daysAgo: 2)
        let large = try await world.tagged(3, weight: 7, daysAgo: 0.01)

        let report = await world.run(RelationshipsJob())

        let counts = try #require(report.step("update-weights")).counts
        #expect(counts["weights.invalid"] == 2)
        #expect(counts["weights.clamped"] == 1)
        #expect(
            report.step("update-weights")?.notes == [
                "weights computed inside the graph store, one call per batch",
                "stored weight nan of TAGGED_WITH|Note:1|Tag:1 treated as 0",
                "stored weight inf of TAGGED_WITH|Note:2|Tag:1 treated as 0",
                "stored weight 7.0 of TAGGED_WITH|Note:3|Tag:1 clamped",
            ])
        let stored = try await world.weights([broken, infinite, large])
        #expect(stored[0] == 0 && stored[1] == 0)
        #expect(stored[2] == HalfLifeDecay.standard.decayed(1, elapsed: 0.01 * day))
    }

    @Test func writtenWeightsStayInTheUnitIntervalForAnyStoredWeight() async throws {
        let world = try await RelationshipsWorld()
        var random = SeededRandomNumberGenerator(seed: 0x5EED_0004)
        let specials: [Double] = [.nan, .infinity, -.infinity, -1, 0, 1, 2, .greatestFiniteMagnitude]
        var keys: [RelationshipKey] = []
        for note in 1...20 {
            let weight = note <= specials.count ? specials[note - 1] : Double.random(in: -2...2, using: &random)
            keys.append(try await world.tagged(Int64(note), weight: weight, daysAgo: Double(note)))
        }
        try await world.interact(with: NodeKey(.tag, 1), minutesAgo: (1...9).map { Double($0) })

        let report = await world.run(RelationshipsJob())

        #expect(report.step("update-weights")?.counts["edges.written"] == 20)
        for weight in try await world.weights(keys) {
            #expect(weight >= 0 && weight <= 1)
        }
    }

    @Test func dryRunComputesButWritesNothing() async throws {
        let world = try await RelationshipsWorld()
        let key = try await world.authored(1, note: 1, weight: 0.8, daysAgo: 30)
        try await world.cache.set([CacheEntry(key: "user:1:graph", value: Data("x".utf8), ttl: nil, user: "1")])
        let before = try await world.graph.relationships([key])

        let report = await world.run(RelationshipsJob(), options: JobOptions(dryRun: true))

        #expect(report.status == .succeeded)
        #expect(report.dryRun)
        let counts = try #require(report.step("update-weights")).counts
        #expect(counts["edges.changed"] == 1)
        #expect(counts["edges.written"] == 0)
        #expect(counts["users.affected"] == 1)
        #expect(counts["users.invalidated"] == 0)
        #expect(try await world.graph.relationships([key]) == before)
        #expect(try await world.cache.get(["user:1:graph"]).count == 1)
    }

    @Test func onlyRelationshipsOlderThanTheMinimumAgeAreUpdated() async throws {
        let world = try await RelationshipsWorld()
        let old = try await world.tagged(1, weight: 0.8, daysAgo: 3)
        let fresh = try await world.tagged(2, weight: 0.8, daysAgo: 0.5)

        let report = await world.run(RelationshipsJob(configuration: .init(minimumAgeDays: 1)))

        #expect(report.step("update-weights")?.counts["edges.scanned"] == 1)
        let stored = try await world.weights([old, fresh])
        #expect(stored[0] < 0.8)
        #expect(stored[1] == 0.8)
    }

    @Test func batchesAreKeysetPagedAndReportProgress() async throws {
        let world = try await RelationshipsWorld()
        for note in 1...10 {
            _ = try await world.tagged(Int64(note), weight: 0.6, daysAgo: 2)
        }
        let progress = Mutex<[Int]>([])

        let report = await world.run(RelationshipsJob(), options: JobOptions(batchSize: 3)) { event in
            progress.withLock { $0.append(event.completed) }
        }

        #expect(report.step("update-weights")?.counts["batches"] == 4)
        #expect(report.step("update-weights")?.counts["edges.written"] == 10)
        #expect(progress.withLock { $0 } == [3, 6, 9, 10])
    }

    @Test func unchangedRelationshipsAreNotWritten() async throws {
        let world = try await RelationshipsWorld()
        _ = try await world.tagged(1, weight: 0.6, daysAgo: 2)

        let report = await world.run(RelationshipsJob(configuration: .init(decay: .step)))

        #expect(report.step("update-weights")?.counts["edges.unchanged"] == 1)
        #expect(report.step("update-weights")?.counts["edges.written"] == 0)
    }

    @Test func cacheFailureIsReportedWithoutStoppingWeightUpdates() async throws {
        let world = try await RelationshipsWorld(cache: FailingInvalidationCache())
        for user in 1...3 {
            _ = try await world.authored(Int64(user), note: 1, weight: 0.8, daysAgo: 5)
        }

        let report = await world.run(RelationshipsJob())

        #expect(report.status == .succeeded)
        let counts = try #require(report.step("update-weights")).counts
        #expect(counts["edges.written"] == 3)
        #expect(counts["users.affected"] == 3)
        #expect(counts["users.invalidated"] == 0)
        #expect(counts["users.notInvalidated"] == 3)
        #expect(report.step("log")?.notes.first?.contains("cache invalidation stopped") == true)
    }

    @Test func cancelledRunStopsBeforeTheNextBatch() async throws {
        let world = try await RelationshipsWorld()
        var keys: [RelationshipKey] = []
        for note in 1...3 {
            keys.append(try await world.tagged(Int64(note), weight: 0.6, daysAgo: 2))
        }

        let report = await world.run(RelationshipsJob(), options: JobOptions(batchSize: 1)) { _ in
            withUnsafeCurrentTask { $0?.cancel() }
        }

        #expect(report.status == .cancelled)
        #expect(report.step("update-weights")?.outcome == .cancelled)
        let stored = try await world.weights(keys)
        #expect(stored[0] < 0.6)
        #expect(stored[1] == 0.6 && stored[2] == 0.6)
    }

    @Test func failedWriteFailsTheRunAndTheNextRunFinishesWithoutDecayingTwice() async throws {
        let world = try await RelationshipsWorld()
        var keys: [RelationshipKey] = []
        for note in 1...4 {
            keys.append(try await world.tagged(Int64(note), weight: 0.8, daysAgo: 30))
        }
        let failing = FaultInjectingGraphStore(wrapping: world.graph, failingWrite: 2)

        let failed = await world.run(RelationshipsJob(), options: JobOptions(batchSize: 2), graph: failing)
        let retried = await world.run(RelationshipsJob(), options: JobOptions(batchSize: 2))

        #expect(failed.status == .failed)
        #expect(failed.step("update-weights")?.outcome == .failed)
        #expect(failed.step("update-weights")?.counts["edges.written"] == 2)
        #expect(retried.status == .succeeded)
        #expect(retried.step("update-weights")?.counts["edges.written"] == 2)
        #expect(retried.step("update-weights")?.counts["edges.scanned"] == 2)
        for weight in try await world.weights(keys) {
            #expect(abs(weight - 0.4) < 1e-12)
        }
    }

    @Test func invalidConfigurationFailsTheRunNamingTheSetting() async throws {
        let world = try await RelationshipsWorld()

        let report = await world.run(RelationshipsJob(configuration: .init(halfLifeDays: -2)))

        #expect(report.status == .failed)
        #expect(report.step("update-weights")?.outcome == .failed)
        #expect(report.errors.first?.contains("relationships.halfLifeDays = -2.0") == true)
    }

    // MARK: - Configuration

    @Test func missingConfigurationKeysDecodeToDefaults() throws {
        let empty = try JSONDecoder().decode(RelationshipsJob.Configuration.self, from: Data("{}".utf8))
        let partial = try JSONDecoder().decode(
            RelationshipsJob.Configuration.self, from: Data(#"{"decay":"step","boostCap":0.2}"#.utf8))

        #expect(empty == RelationshipsJob.Configuration())
        #expect(partial.decay == .step)
        #expect(partial.boostCap == 0.2)
        #expect(partial.halfLifeDays == 30)
        #expect(partial.boostMode == .countOnce)
    }

    @Test func configurationRoundTripsThroughJSON() throws {
        let configuration = RelationshipsJob.Configuration(
            decay: .step, halfLifeDays: 12, boostMode: .window, boostWindowDays: 14, invalidateCaches: false)

        let data = try JSONEncoder().encode(configuration)

        #expect(try JSONDecoder().decode(RelationshipsJob.Configuration.self, from: data) == configuration)
    }

    @Test func unknownDecayNameIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(RelationshipsJob.Configuration.self, from: Data(#"{"decay":"linear"}"#.utf8))
        }
    }

    @Test(arguments: [
        RelationshipsJob.Configuration(minimumAgeDays: -1),
        RelationshipsJob.Configuration(floor: 1.5),
        RelationshipsJob.Configuration(boostWindowDays: 0),
        RelationshipsJob.Configuration(stepPeriodDays: .infinity),
    ])
    func outOfRangeSettingsAreRejected(configuration: RelationshipsJob.Configuration) {
        #expect(throws: ParameterError.self) {
            _ = try configuration.weightUpdate()
            _ = try configuration.minimumAge()
        }
    }

    @Test func configurationBuildsTheDocumentedDefaults() throws {
        let update = try RelationshipsJob.Configuration().weightUpdate()

        #expect(update == WeightUpdate(decay: .halfLife(.standard), boost: .standard))
    }
}

// MARK: - Fixtures

/// The stores and clock of one relationships job test.
private struct RelationshipsWorld {
    let clock: ManualClock
    let graph = InMemoryGraphStore()
    let cache: any CacheStore
    let ledger = InMemoryRunLedger()

    init(cache: (any CacheStore)? = nil, now: Date = Date(epochMilliseconds: 1_767_225_600_000)) async throws {
        clock = ManualClock(now)
        self.cache = cache ?? InMemoryCacheStore(clock: clock)
        let users = (1...3).map { Node(key: NodeKey(.user, Int64($0)), createdAt: start) }
        let notes = (1...20).map { Node(key: NodeKey(.note, Int64($0)), createdAt: start) }
        try await graph.upsertNodes(users + notes + [Node(key: NodeKey(.tag, 1), createdAt: start)])
    }

    private var start: Date { Date(epochMilliseconds: 1_700_000_000_000) }

    /// Creates a relationship whose weight was last written `daysAgo` days ago and which was
    /// created `createdDaysAgo` days ago (by default at its last write).
    func relate(
        _ key: RelationshipKey,
        weight: Double,
        daysAgo: Double,
        createdDaysAgo: Double? = nil
    ) async throws -> RelationshipKey {
        let written = daysBefore(daysAgo)
        let created = createdDaysAgo.map(daysBefore) ?? written
        try await graph.upsertRelationships([
            Relationship(key: key, weight: weight, createdAt: created, updatedAt: written)
        ])
        return key
    }

    private func daysBefore(_ days: Double) -> Date {
        Date(epochMilliseconds: clock.now().addingTimeInterval(-days * 86_400).epochMilliseconds)
    }

    /// `Note:note -TAGGED_WITH-> Tag:1`.
    func tagged(_ note: Int64, weight: Double, daysAgo: Double) async throws -> RelationshipKey {
        let key = RelationshipKey(.taggedWith, from: NodeKey(.note, note), to: NodeKey(.tag, 1))
        return try await relate(key, weight: weight, daysAgo: daysAgo)
    }

    /// `User:user -CREATED-> Note:note`.
    func authored(_ user: Int64, note: Int64, weight: Double, daysAgo: Double) async throws -> RelationshipKey {
        let key = RelationshipKey(.created, from: NodeKey(.user, user), to: NodeKey(.note, note))
        return try await relate(key, weight: weight, daysAgo: daysAgo)
    }

    func interact(with target: NodeKey, minutesAgo: [Double]) async throws {
        let interactions = minutesAgo.enumerated().map { index, minutes in
            Interaction(
                id: "\(target)-\(index)", user: NodeKey(.user, 1), target: target,
                occurredAt: clock.now().addingTimeInterval(-minutes * 60))
        }
        try await graph.recordInteractions(interactions)
    }

    func weights(_ keys: [RelationshipKey]) async throws -> [Double] {
        let stored = try await graph.relationships(keys)
        return keys.map { key in stored.first { $0.key == key }?.weight ?? .nan }
    }

    func run(
        _ job: RelationshipsJob,
        options: JobOptions = JobOptions(),
        graph: (any GraphStore)? = nil,
        progress: ProgressHandler? = nil
    ) async -> JobReport {
        let environment = JobEnvironment(
            graph: graph ?? self.graph, records: InMemoryRecordStore(), cache: cache, ledger: ledger, clock: clock)
        return await JobRunner(environment: environment).run(job, options: options, progress: progress)
    }
}

/// A cache whose invalidation always fails, as a cache server that went away would.
private struct FailingInvalidationCache: CacheStore {
    func get(_ keys: [String]) async throws -> [String: Data] { [:] }
    func set(_ entries: [CacheEntry]) async throws {}
    func delete(_ keys: [String]) async throws -> Int { 0 }
    func setIfAbsent(_ key: String, value: Data, ttl: Duration) async throws -> Bool { true }
    func expireIfEqual(_ key: String, value: Data, ttl: Duration) async throws -> Bool { true }
    func deleteIfEqual(_ key: String, value: Data) async throws -> Bool { true }

    func invalidate(user: String) async throws -> Int {
        throw StoreError(.unavailable, store: .cache, operation: "invalidate", message: "connection refused")
    }
}
