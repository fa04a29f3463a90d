import Testing
import Upkeep
import UpkeepTesting

@Suite struct SeededRandomNumberGeneratorTests {
    @Test func matchesTheSplitMix64ReferenceSequence() {
        var generator = SeededRandomNumberGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func unitDrawsStayInTheHalfOpenUnitInterval() {
        var generator = SeededRandomNumberGenerator(seed: 99)
        let draws = (0..<10_000).map { _ in generator.nextUnit() }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.02)
    }
}
