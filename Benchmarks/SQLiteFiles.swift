import Foundation

/// File operations on closed SQLite databases, for scenarios that start every repetition from a
/// copy of a template.
enum SQLiteFiles {
    /// Copies a closed database (its WAL checkpointed into the main file) to `destination`,
    /// replacing any database there, and flushes the copy to disk.
    ///
    /// Without the flush the copy (600 MiB at scale 1) sits in the page cache as dirty pages, and
    /// the first WAL checkpoint of the timed run, which syncs the database file, waits for the
    /// kernel to write all of them: a cost of the benchmark's setup, not of the job.
    ///
    /// - Throws: The file manager's error when the copy fails, or the file handle's when the
    ///   flush does.
    static func copy(_ source: String, to destination: String) throws {
        try remove(destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        guard let handle = FileHandle(forUpdatingAtPath: destination) else {
            throw BenchmarkFailure("cannot open the copy \(destination) to flush it")
        }
        defer { try? handle.close() }
        try handle.synchronize()
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
