import Foundation

/// File operations on closed SQLite databases, for scenarios that start every repetition from a
/// copy of a template.
enum SQLiteFiles {
    /// Copies a closed database (its WAL checkpointed into the main file) to `destination`,
    /// replacing any database there.
    ///
    /// - Throws: The file manager's error when the copy fails.
    static func copy(_ source: String, to destination: String) throws {
        try remove(destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }

    /// Removes a database file and its `-wal` and `-shm` companions, where they exist.
    ///
    /// - Throws: The file manager's error when an existing file cannot be removed.
    static func remove(_ path: String) throws {
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.removeItem(atPath: file)
        }
    }
}
