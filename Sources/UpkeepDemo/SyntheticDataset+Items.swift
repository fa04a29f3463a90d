import Foundation
import Upkeep

extension SyntheticDataset {
    /// The independent random streams of the data set; each entity draws from its own stream.
    enum Stream: UInt64 {
        case user = 1, tag, item, relationship, interaction, searchQuery
    }

    /// What an item (a note or an event) is, before any text is built for it.
    struct ItemShape {
        var ownerID: Int64
        var tagIDs: [Int64]
        var status: RecordStatus
        var isStarred: Bool
        var createdAt: Date
        var updatedAt: Date
    }

    /// Builds users, tags and items from `(seed, stream, index)` alone.
    ///
    /// Items are numbered from 0: indices below `counts.notes` are notes (id = index + 1), the
    /// rest events (id = index - notes + 1).
    struct ItemGenerator {
        let seed: UInt64
        let now: Date
        let counts: Counts

        static let words = [
            "planning", "travel", "budget", "reading", "garden", "health", "music", "project", "family",
            "recipes", "meeting", "ideas", "fitness", "taxes", "launch", "review", "design", "learning",
            "weekend", "research",
        ]

        /// A generator for entity `index` of `stream`, independent of every other entity.
        func random(_ stream: Stream, _ index: Int) -> SeededRandomNumberGenerator {
            var mixer = SeededRandomNumberGenerator(seed: seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03))
            let base = mixer.next()
            return SeededRandomNumberGenerator(seed: base &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        }

        /// A time `fraction` of ``spanDays`` before `now`, in whole milliseconds.
        func ago(_ fraction: Double) -> Date {
            let span = Double(SyntheticDataset.spanDays) * 86_400_000
            return Date(epochMilliseconds: now.epochMilliseconds - Int64(span * fraction))
        }

        /// A time between `start` and `now`, nearer `start` as `skew` grows.
        func between(_ start: Date, and end: Date, _ unit: Double, skew: Double) -> Date {
            let span = Double(end.epochMilliseconds - start.epochMilliseconds)
            return Date(epochMilliseconds: start.epochMilliseconds + Int64(span * pow(unit, skew)))
        }

        var itemCount: Int { counts.notes + counts.events }

        func itemKey(_ index: Int) -> NodeKey {
            index < counts.notes
                ? NodeKey(.note, Int64(index + 1)) : NodeKey(.event, Int64(index - counts.notes + 1))
        }

        // MARK: - Shapes

        func itemShape(_ index: Int) -> ItemShape {
            var rng = random(.item, index)
            let owner = 1 + Int64(Double(counts.users) * pow(rng.nextUnit(), 1.6))
            let tagDraw = rng.nextUnit()
            let tagCount = min(counts.tags, tagDraw < 0.2 ? 0 : tagDraw < 0.65 ? 1 : tagDraw < 0.9 ? 2 : 3)
            var tags: [Int64] = []
            while tags.count < tagCount {
                let tag = 1 + Int64(Double(counts.tags) * pow(rng.nextUnit(), 2))
                if !tags.contains(tag) { tags.append(tag) }
            }
            let statusDraw = rng.nextUnit()
            let status: RecordStatus = statusDraw < 0.02 ? .deleted : statusDraw < 0.12 ? .archived : .active
            let createdAt = ago(rng.nextUnit())
            let updatedAt = between(createdAt, and: now, rng.nextUnit(), skew: 3)
            return ItemShape(
                ownerID: min(owner, Int64(counts.users)), tagIDs: tags, status: status,
                isStarred: rng.nextUnit() < 0.1, createdAt: createdAt, updatedAt: updatedAt)
        }

        func isDeleted(_ index: Int) -> Bool { itemShape(index).status == .deleted }

        /// How many `CREATED` and `TAGGED_WITH` edges the items imply; O(items), no allocation
        /// beyond each item's tag list.
        func derivedRelationshipCount() -> Int {
            (0..<itemCount).reduce(0) { total, index in
                let shape = itemShape(index)
                return shape.status == .deleted ? total : total + 1 + shape.tagIDs.count
            }
        }

        // MARK: - Records

        func user(_ index: Int) -> Record {
            var rng = random(.user, index)
            let createdAt = ago(rng.nextUnit())
            return Record(
                kind: .user, id: Int64(index + 1), fields: ["name": .string("user \(index + 1)")],
                createdAt: createdAt, updatedAt: between(createdAt, and: now, rng.nextUnit(), skew: 2))
        }

        func tag(_ index: Int) -> Record {
            var rng = random(.tag, index)
            let word = Self.words[index % Self.words.count]
            let title = index < Self.words.count ? word : "\(word)-\(index / Self.words.count)"
            let createdAt = ago(0.9 + 0.1 * rng.nextUnit())
            return Record(kind: .tag, id: Int64(index + 1), fields: ["title": .string(title)], createdAt: createdAt)
        }

        func item(_ index: Int) -> Record {
            let shape = itemShape(index)
            let key = itemKey(index)
            let word = Self.words[Int(UInt64(index) &* 2_654_435_761 % UInt64(Self.words.count))]
            var fields: Properties = ["title": .string("\(key.label.rawValue.lowercased()) \(key.id) about \(word)")]
            if key.label == .note {
                fields["words"] = .int(Int64(20 + (index * 37) % 900))
            } else {
                fields["startsAt"] = .date(between(shape.createdAt, and: now, 0.5, skew: 1))
            }
            return Record(
                kind: key.label == .note ? .note : .event, id: Int64(key.id) ?? 0, ownerID: shape.ownerID,
                tagIDs: shape.tagIDs, fields: fields, status: shape.status, isStarred: shape.isStarred,
                createdAt: shape.createdAt, updatedAt: shape.updatedAt)
        }
    }
}
