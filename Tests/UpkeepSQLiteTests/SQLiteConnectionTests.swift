import Foundation
import Testing
import UpkeepSQLite

@Suite struct SQLiteConnectionTests {
    @Test func bindsAndReadsEveryStorageClass() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        let values: [SQLiteValue] = [
            .integer(.min), .integer(.max), .real(-0.5), .text(""), .text("héllo \u{0}wörld 🌍"),
            .blob(Data()), .blob(Data([0, 1, 2, 255])), .null,
        ]

        let read = try await connection.write("roundTrip") { session in
            try session.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, v)")
            for value in values {
                try session.run("INSERT INTO t (v) VALUES (?1)", [value])
            }
            return try session.query("SELECT v FROM t ORDER BY seq") { $0.value(0) }
        }

        #expect(read == values)
    }

    @Test func failedWriteRollsBackEverything() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        try await connection.write("create") { try $0.execute("CREATE TABLE t (k TEXT PRIMARY KEY)") }

        await #expect(throws: SQLiteError.self) {
            try await connection.write("insert") { session in
                try session.run("INSERT INTO t VALUES ('a')")
                try session.run("INSERT INTO t VALUES ('a')")
            }
        }

        let count = try await connection.read("count") { try $0.first("SELECT count(*) FROM t") { $0.int64(0) } }
        #expect(count == 0)
    }

    @Test func errorCarriesCodesOperationAndSQLButNoValues() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        try await connection.write("create") { try $0.execute("CREATE TABLE t (k TEXT PRIMARY KEY)") }

        let error = await #expect(throws: SQLiteError.self) {
            try await connection.write("insertSecret") { session in
                try session.run("INSERT INTO t VALUES (?1)", [.text("password=hunter2")])
                try session.run("INSERT INTO t VALUES (?1)", [.text("password=hunter2")])
            }
        }

        #expect(error?.code == .constraint)
        #expect(error?.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error?.operation == "insertSecret")
        #expect(error?.sql == "INSERT INTO t VALUES (?1)")
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.description.contains(directory.path()) == true)
    }

    @Test func binaryCollationMatchesSwiftStringOrder() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        let ids = ["9", "10", "1", "a", "B", "_", "Z9", "Z10", "é", "e", ""]

        let sorted = try await connection.write("sort") { session in
            try session.execute("CREATE TABLE t (id TEXT PRIMARY KEY) WITHOUT ROWID")
            for id in ids { try session.run("INSERT INTO t VALUES (?1)", [.text(id)]) }
            return try session.query("SELECT id FROM t ORDER BY id COLLATE BINARY") { $0.text(0) }
        }

        #expect(sorted == ids.sorted())
        #expect(sorted.firstIndex(of: "10")! < sorted.firstIndex(of: "9")!)
    }

    @Test func cachedStatementIsReusedAfterAnError() async throws {
        let directory = try TemporaryDirectory()
        let connection = try await SQLiteConnection(path: directory.path())
        try await connection.write("create") { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)") }
        try await connection.write("first") { try $0.run("INSERT INTO t VALUES (?1)", [.integer(1)]) }

        await #expect(throws: SQLiteError.self) {
            try await connection.write("duplicate") { try $0.run("INSERT INTO t VALUES (?1)", [.integer(1)]) }
        }
        try await connection.write("second") { try $0.run("INSERT INTO t VALUES (?1)", [.integer(2)]) }

        let count = try await connection.read("count") { try $0.first("SELECT count(*) FROM t") { $0.int64(0) } }
        #expect(count == 2)
    }
}
