import Foundation
import Testing
import Upkeep
import UpkeepTesting

@testable import UpkeepSQLite

@Suite struct SQLiteMigrationTests {
    /// Writes a schema version 1 file the way a released build left it: two relationships (one
    /// weak, one with a NaN weight stored as NULL and properties), three interactions.
    private func createVersion1File(at path: String) async throws {
        let connection = try await SQLiteConnection(path: path)
        try await connection.withSession("create v1") { session in
            try session.execute(SQLiteSchema.migrations[0].sql)
            try session.execute("PRAGMA user_version = 1")
            try session.execute(
                """
                INSERT INTO nodes (label, id, created_at, updated_at) VALUES
                    ('User', '1', 0, 0), ('Note', '2', 0, 0), ('Tag', 'a:b', 0, 0);
                INSERT INTO relationships VALUES
                    ('CREATED|User:1|Note:2', 'CREATED', 'User', '1', 'Note', '2', 0.05,
                     1767225000000, 1767225100000, 1767225050000, 1767225100000, NULL),
                    ('TAGGED_WITH|Note:2|Tag:a:b', 'TAGGED_WITH', 'Note', '2', 'Tag', 'a:b', NULL,
                     1767225000000, 1767225100000, NULL, NULL, '{"source":["s","sync"]}');
                INSERT INTO interactions VALUES
                    ('i1', 'User', '1', 'Note:2', 'view', 1767225200000),
                    ('i2', 'User', '1', 'Note:2', 'view', 1767225300000),
                    ('i3', 'User', '1', 'Tag:a:b', 'view', 1767225400000);
                """)
        }
        await connection.close()
    }

    @Test func version1DataSurvivesMigrationAndThePassRunsOnIt() async throws {
        let directory = try TemporaryDirectory()
        try await createVersion1File(at: directory.path())
        let created = RelationshipKey(.created, from: NodeKey(.user, 1), to: NodeKey(.note, 2))
        let tagged = RelationshipKey(.taggedWith, from: NodeKey(.note, 2), to: NodeKey(.tag, "a:b"))

        let database = try await directory.open()
        let graph = database.graph
        let migrated = try await graph.relationships([created, tagged])
        let weak = try await graph.weakRelationships(
            weightBelow: 0.1, inactiveSince: .distantFuture, after: nil, limit: 10)
        let tallies = try await graph.interactionCounts([
            InteractionWindow(target: NodeKey(.note, 2), after: nil, through: .distantFuture),
            InteractionWindow(target: NodeKey(.tag, "a:b"), after: nil, through: .distantFuture),
        ])

        #expect(database.openedSchemaVersion == 1)
        #expect(migrated.map(\.key) == [created, tagged])
        #expect(migrated[0].weight == 0.05)
        #expect(migrated[0].lastInteractionAt == Date(epochMilliseconds: 1_767_225_050_000))
        #expect(migrated[0].boostedThrough == Date(epochMilliseconds: 1_767_225_100_000))
        #expect(migrated[1].weight.isNaN)
        #expect(migrated[1].properties == ["source": "sync"])
        #expect(weak == [created])
        #expect(tallies.map(\.count) == [2, 1])
        #expect(tallies[0].latest == Date(epochMilliseconds: 1_767_225_300_000))

        let pass = WeightPass(
            update: try RelationshipsJob.Configuration().weightUpdate(), now: start, staleBefore: start,
            collectsUsers: true)
        let page = try await graph.updateWeights(pass, after: nil, limit: 10)
        let updated = try await graph.relationships([created, tagged])

        #expect(page.totals.scanned == 2)
        #expect(page.totals.written == 2)
        #expect(page.totals.invalid == 1)
        #expect(page.totals.interactions == 3)
        #expect(page.changedUsers == ["1"])
        #expect(updated.allSatisfy { $0.updatedAt == start })
    }
}
