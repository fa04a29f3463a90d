import Foundation
import Upkeep
import UpkeepSQLite
import UpkeepTesting

/// A fresh directory for one test's database files, removed when the value is released.
final class TemporaryDirectory: Sendable {
    /// The directory.
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("upkeep-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` inside the directory.
    func path(_ name: String = "upkeep.sqlite") -> String {
        url.appendingPathComponent(name).path
    }

    /// Opens (or creates) the database file `upkeep.sqlite` in the directory.
    func open(clock: ManualClock = ManualClock(start)) async throws -> SQLiteDatabase {
        try await SQLiteDatabase(path: path(), clock: clock)
    }

    /// Creates a new, empty database file in the directory, for conformance factories that must
    /// return a fresh store on every call.
    func openFresh(clock: any UpkeepClock) async throws -> SQLiteDatabase {
        try await SQLiteDatabase(path: path("\(UUID().uuidString).sqlite"), clock: clock)
    }
}

/// The instant test clocks start at: 2026-01-01T00:00:00Z, a whole millisecond.
let start = Date(epochMilliseconds: 1_767_225_600_000)

/// `start` plus `seconds`.
func at(_ seconds: Double) -> Date {
    start.addingTimeInterval(seconds)
}
