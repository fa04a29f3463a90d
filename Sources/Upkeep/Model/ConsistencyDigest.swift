import Foundation

/// A count and an order-independent checksum of `(id, updatedAt)` pairs.
///
/// The record store and the graph store each compute one for the same kind and id range; equal
/// digests mean the two sides hold the same rows at the same versions. The checksum is the
/// wrapping sum of ``mix(id:updatedAt:)`` over the rows, so any backend can compute it in any
/// order, and adding or removing one row changes it.
public struct ConsistencyDigest: Hashable, Sendable, Codable {
    /// How many rows were digested.
    public var count: Int
    /// The wrapping sum of each row's mixed hash.
    public var checksum: UInt64

    /// The digest of no rows.
    public static let empty = ConsistencyDigest(count: 0, checksum: 0)

    /// Creates a digest from its parts.
    public init(count: Int, checksum: UInt64) {
        self.count = count
        self.checksum = checksum
    }

    /// Adds one row to the digest.
    public mutating func add(id: Int64, updatedAt: Date) {
        count += 1
        checksum &+= Self.mix(id: id, updatedAt: updatedAt)
    }

    /// Combines two digests of disjoint row sets.
    public func merged(with other: ConsistencyDigest) -> ConsistencyDigest {
        ConsistencyDigest(count: count + other.count, checksum: checksum &+ other.checksum)
    }

    /// The hash of one row: SplitMix64's finaliser over the id and the time in epoch milliseconds.
    public static func mix(id: Int64, updatedAt: Date) -> UInt64 {
        let millis = UInt64(bitPattern: updatedAt.epochMilliseconds)
        var z = UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15 ^ millis
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Date {
    /// The date as whole milliseconds since 1970, rounded down; the form backends store.
    ///
    /// A value within a microsecond of a whole millisecond counts as that millisecond, so that
    /// `Date(epochMilliseconds: m).epochMilliseconds == m` despite binary floating point.
    public var epochMilliseconds: Int64 {
        let exact = timeIntervalSince1970 * 1000
        let nearest = exact.rounded()
        let millis = abs(exact - nearest) < 0.001 ? nearest : exact.rounded(.down)
        guard millis.isFinite, let whole = Int64(exactly: millis) else { return millis > 0 ? .max : .min }
        return whole
    }

    /// Creates a date from whole milliseconds since 1970.
    public init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }
}
