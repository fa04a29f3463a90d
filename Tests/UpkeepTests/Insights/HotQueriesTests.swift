import Foundation
import Testing
import UpkeepDemo
import UpkeepTesting

@testable import Upkeep

@Suite struct HotQueriesTests {
    @Test func normalisationTrimsLowercasesAndCollapsesWhitespace() {
        #expect(HotQueries.normalize("  Swift\t\tJOBS \n now ") == "swift jobs now")
        #expect(HotQueries.normalize("   ") == "")
        #expect(HotQueries.normalize("Cafe\u{301}") == HotQueries.normalize("CAFÉ"))
        #expect(HotQueries.normalize("Cafe\u{301}").unicodeScalars.count == 4)
    }

    @Test func findsTheTrueHeavyHittersOfASkewedStreamWithBoundedCounters() {
        var generator = SeededRandomNumberGenerator(seed: 42)
        var stream: [String] = []
        var truth: [String: Int] = [:]
        for rank in 0..<10 {
            let frequency = 5_000 - 400 * rank
            truth["heavy \(rank)"] = frequency
            stream += (0..<frequency).map { $0 % 3 == 0 ? "  HEAVY   \(rank)" : "heavy \(rank)" }
        }
        for index in 0..<68_000 {
            let text = "tail \(index % 20_000)"
            truth[text, default: 0] += 1
            stream.append(text)
        }
        stream.shuffle(using: &generator)

        var summary = HotQueries(capacity: 100)
        stream.forEach { summary.add($0) }

        #expect(summary.total == 100_000)
        #expect(summary.errorBound == 1_000)
        let top = summary.top(10)
        #expect(top.map(\.text) == (0..<10).map { "heavy \($0)" })
        for entry in summary.top(100) {
            let actual = truth[entry.text] ?? 0
            #expect(entry.guaranteedCount <= actual && actual <= entry.count, "\(entry.text)")
            #expect(entry.error <= summary.errorBound)
        }
    }

    @Test func counterCountNeverExceedsCapacity() {
        var summary = HotQueries(capacity: 3)
        for text in ["a", "b", "c", "d", "e", "a", "a"] { summary.add(text) }
        #expect(summary.top(10).count == 3)
        #expect(summary.top(1).first?.text == "a")
        #expect(summary.top(1).first?.guaranteedCount ?? 0 >= 1)
    }

    @Test func blankAndOverlongQueriesAreSkipped() {
        var summary = HotQueries(capacity: 3, maximumLength: 6)
        let blank = summary.add(" \t ")
        let overlong = summary.add("abcdefg")
        let fits = summary.add("  abc   de ")
        #expect(!blank && !overlong && fits)
        #expect(summary.total == 1)
        #expect(summary.skipped == 2)
        #expect(summary.top(3).map(\.text) == ["abc de"])
    }

    @Test func emptySummaryHasNoEntries() {
        let summary = HotQueries(capacity: 3)
        #expect(summary.total == 0)
        #expect(summary.top(3).isEmpty)
    }
}
