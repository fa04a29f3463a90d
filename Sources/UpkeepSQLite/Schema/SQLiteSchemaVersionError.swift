/// The database was written by a newer build of Upkeep, with a schema this build does not know.
///
/// The file is left exactly as it was: the version is read before anything is written.
public struct SQLiteSchemaVersionError: Error, Sendable, CustomStringConvertible {
    /// The database file.
    public var path: String
    /// The schema version stored in the file (`PRAGMA user_version`).
    public var foundVersion: Int
    /// The newest schema version this build knows.
    public var supportedVersion: Int

    /// Creates the error.
    public init(path: String, foundVersion: Int, supportedVersion: Int) {
        self.path = path
        self.foundVersion = foundVersion
        self.supportedVersion = supportedVersion
    }

    public var description: String {
        "The database at '\(path)' has schema version \(foundVersion), newer than version \(supportedVersion) "
            + "that this build of UpkeepSQLite supports; it was not modified. Open it with a newer build of Upkeep."
    }
}
