import Testing
import Upkeep

@Suite("Deletion guard")
struct DeletionGuardTests {
    @Test func allowsUpToTheShareAndRefusesMore() {
        let guardrail = DeletionGuard.standard

        #expect(guardrail.maximumShare == 0.05)
        #expect(guardrail.allowance(of: 1_000) == 50)
        #expect(guardrail.verdict(deleting: 50, of: 1_000, force: false) == .allowed)
        #expect(guardrail.verdict(deleting: 51, of: 1_000, force: false) == .refused)
        #expect(guardrail.verdict(deleting: 0, of: 0, force: false) == .allowed)
        #expect(guardrail.verdict(deleting: 1, of: 0, force: false) == .refused)
    }

    @Test func forceOverridesARefusal() throws {
        let guardrail = try DeletionGuard(maximumShare: 0.1)

        #expect(guardrail.verdict(deleting: 90, of: 100, force: true) == .forced)
        #expect(try guardrail.check(deleting: 90, of: 100, items: "nodes", force: true) == .forced)
        #expect(guardrail.verdict(deleting: 10, of: 100, force: true) == .allowed)
    }

    @Test func allowanceDoesNotLoseAnItemToRounding() throws {
        #expect(try DeletionGuard(maximumShare: 0.29).allowance(of: 100) == 29)
        #expect(try DeletionGuard(maximumShare: 0.07).allowance(of: 100) == 7)
        #expect(try DeletionGuard(maximumShare: 1).allowance(of: 12_345) == 12_345)
        #expect(try DeletionGuard(maximumShare: 0).allowance(of: 12_345) == 0)
    }

    @Test func refusalStatesTheNumbersAndHowToOverride() {
        let error = #expect(throws: DeletionRefusal.self) {
            try DeletionGuard.standard.check(deleting: 120, of: 1_000, items: "nodes", force: false)
        }

        #expect(error?.candidates == 120)
        #expect(error?.allowance == 50)
        let text = error?.description ?? ""
        #expect(text.hasPrefix("deletion guard refused to delete 120 of 1000 nodes (12.00%)"))
        #expect(text.contains("at most 50 (5.00%)"))
        #expect(text.contains("JobOptions.force"))
    }

    @Test func shareOutsideTheUnitIntervalIsRejected() {
        #expect(throws: ParameterError.self) { try DeletionGuard(maximumShare: 1.01) }
        #expect(throws: ParameterError.self) { try DeletionGuard(maximumShare: -0.01) }
    }
}
