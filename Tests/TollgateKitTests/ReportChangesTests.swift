import Testing
import TollgateCore
import TollgateHistory

@testable import TollgateKit

/// What a report tells changed between two runs' inventories.
@Suite struct ReportChangesTests {
    func entry(_ version: String, _ score: Int, _ decision: String) -> HistoryStore.InventoryEntry {
        HistoryStore.InventoryEntry(
            ecosystem: "debian", kind: "binary", name: "dup", version: version, format: "deb", score: score,
            decision: decision)
    }

    /// Two copies of one version (architectures, repositories): the riskiest stands for the package, whichever
    /// was read first — a copy rebuilt with a dangerous maintainer script is a decision changed.
    @Test func theRiskiestCopyOfTheNewestVersionStandsForThePackage() {
        let before = [entry("1.0", 0, "allow"), entry("1.0", 0, "allow")]
        let after = [entry("1.0", 0, "allow"), entry("1.0", 80, "deny")]
        let changes = Report.Changes(previous: before, current: after, comparators: .native)
        #expect(changes.decisionChanged.map(\.after.decision) == ["deny"])
        #expect(changes.scoreUp.map(\.after.score) == [80])
        #expect(changes.new.isEmpty && changes.removed.isEmpty)
        // A newer version still stands for the package, however risky an older copy is.
        let upgraded = Report.Changes(
            previous: before, current: [entry("0.9", 90, "deny"), entry("1.1", 0, "allow")], comparators: .native)
        #expect(upgraded.decisionChanged.isEmpty && upgraded.scoreUp.isEmpty)
        // Equally risky copies: nothing to tell, whichever is read first.
        let reordered = Report.Changes(
            previous: [entry("1.0", 40, "warn"), entry("1.0", 0, "allow")],
            current: [entry("1.0", 0, "allow"), entry("1.0", 40, "warn")], comparators: .native)
        #expect(reordered.decisionChanged.isEmpty && reordered.scoreUp.isEmpty && reordered.scoreDown.isEmpty)
    }
}
