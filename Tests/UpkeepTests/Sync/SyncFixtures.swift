import Foundation

@testable import Upkeep

/// Rows and times shared by the sync tests.
enum SyncFixtures {
    /// 2026-01-01T00:00:00Z, the epoch of every fixture time.
    static let epochMillis: Int64 = 1_767_225_600_000

    /// The fixture epoch plus `seconds`, at millisecond precision.
    static func time(_ seconds: Int64) -> Date {
        Date(epochMilliseconds: epochMillis + seconds * 1_000)
    }

    /// A user row.
    static func user(_ id: Int64, at seconds: Int64 = 0, status: RecordStatus = .active) -> Record {
        Record(
            kind: .user, id: id, fields: ["name": .string("user \(id)")], status: status,
            createdAt: time(0), updatedAt: time(seconds))
    }

    /// A tag row.
    static func tag(_ id: Int64, at seconds: Int64 = 0) -> Record {
        Record(
            kind: .tag, id: id, fields: [Node.Property.title: .string("tag \(id)")],
            createdAt: time(0), updatedAt: time(seconds))
    }

    /// A note row owned by `owner` with `tags`.
    static func note(
        _ id: Int64,
        owner: Int64?,
        tags: [Int64] = [],
        at seconds: Int64 = 0,
        status: RecordStatus = .active,
        title: String? = nil
    ) -> Record {
        Record(
            kind: .note, id: id, ownerID: owner, tagIDs: tags,
            fields: [Node.Property.title: .string(title ?? "note \(id)")], status: status,
            createdAt: time(0), updatedAt: time(seconds))
    }

    /// An event row owned by `owner`.
    static func event(_ id: Int64, owner: Int64, at seconds: Int64 = 0) -> Record {
        Record(
            kind: .event, id: id, ownerID: owner, fields: ["priority": .int(2)],
            createdAt: time(0), updatedAt: time(seconds))
    }
}
