import Foundation
import GRDB
import Testing
import TollgateTestSupport

@testable import TollgateHistory

/// Report runs in the history: only the latest keep their inventory, every one stays in the trend.
@Suite struct ReportRunTests {
    func store() throws -> (HistoryStore, URL) {
        let dir = try TestPaths.temporaryDirectory()
        return (try HistoryStore(path: dir.appendingPathComponent("history.sqlite").path, comparators: .native), dir)
    }

    func entry(_ version: String) -> HistoryStore.InventoryEntry {
        HistoryStore.InventoryEntry(
            ecosystem: "debian", kind: "source", name: "foo", version: version, format: "dsc", score: 0,
            decision: "allow")
    }

    /// Records a report run over `sources` holding one version of one package.
    func record(
        _ store: HistoryStore, _ sources: String, _ version: String, problems: [String] = [],
        keeping: Int = HistoryStore.defaultKeptInventories
    ) throws -> Int64 {
        try store.recordReport(
            profile: "default", sources: [sources], inventory: [entry(version)], flagged: [], events: [],
            problems: problems, keepingInventories: keeping)
    }

    @Test func onlyTheLatestRunsKeepTheirInventory() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        var ids: [Int64] = []
        for (i, version) in ["1", "2", "3", "4"].enumerated() {
            ids.append(
                try store.recordReport(
                    profile: "default", sources: ["x"], inventory: [entry(version)], flagged: [], events: [],
                    at: Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 86_400), keepingInventories: 2))
            // A gate's run in between is no report run: it neither counts as one kept nor shows in the trend.
            try store.recordRun(profile: "default", sources: ["y"], results: [])
        }
        #expect(try store.runSummaries().map(\.id) == ids)
        let latest = try #require(try store.previousRun())
        #expect(latest.id == ids[3] && latest.inventory.map(\.version) == ["4"])
        #expect(try store.previousRun(before: ids[3])?.id == ids[2])
        #expect(try store.previousRun(before: ids[2]) == nil, "the inventories of the two oldest runs are dropped")
    }

    /// Package metadata is anybody's text: tabs, newlines and backslashes in a name or version survive the stored
    /// inventory (whose fields and lines they would otherwise split) unchanged.
    @Test func inventoryFieldsKeepTabsNewlinesAndBackslashes() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let odd = [
            HistoryStore.InventoryEntry(
                ecosystem: "debian", kind: "binary", name: "tab\tname", version: "1.0\n debian\tbinary\tvictim",
                format: "packages-index", score: 40, decision: "warn"),
            HistoryStore.InventoryEntry(
                ecosystem: "rpm", kind: "binary", name: #"back\slash\t\n\"#, version: "2\r", format: "rpm",
                score: 0, decision: "allow"),
            entry("3"),
        ]
        try store.recordReport(profile: "default", sources: ["x"], inventory: odd, flagged: [], events: [])
        #expect(try store.previousRun()?.inventory == odd)
    }

    /// A report compares with the latest run over the same inputs (else over any) that read every input it read.
    @Test func thePreviousRunReadWhatThisOneReadOverTheSameInputs() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        func record(_ sources: String, _ version: String, problems: [String] = []) throws -> Int64 {
            try self.record(store, sources, version, problems: problems)
        }
        let a1 = try record("a", "1")
        let b1 = try record("b", "2")
        let a2 = try record("a", "3", problems: ["a/lists"])
        #expect(try store.previousRun(sources: ["a"])?.id == a1, "a2 missed an input this run read; b1 is another job")
        #expect(try store.previousRun(sources: ["a"], problems: ["a/lists"])?.id == a2)
        #expect(try store.previousRun(sources: ["a"], problems: ["a/lists", "a/other"])?.id == a2)
        #expect(try store.previousRun(sources: ["c"])?.id == b1, "no run over c: the latest that read everything")
        #expect(try store.previousRun()?.id == b1)
    }

    /// Pruning keeps the latest inventories of the same inputs and the latest that read all its inputs; other
    /// inputs' runs keep theirs.
    @Test func pruningKeepsTheLatestCompleteRunAndOtherJobs() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        func record(_ sources: String, _ version: String, problems: [String] = []) throws -> Int64 {
            try self.record(store, sources, version, problems: problems, keeping: 1)
        }
        let other = try record("z", "0")
        let clean = try record("a", "1")
        _ = try record("a", "2", problems: ["p"])
        let last = try record("a", "3", problems: ["p"])
        #expect(try store.previousRun(sources: ["a"], problems: ["p"])?.id == last)
        #expect(try store.previousRun(sources: ["a"], problems: ["p"], before: last)?.id == clean)
        #expect(try store.previousRun(sources: ["z"])?.id == other)
    }

    @Test func atLeastTheNewRunKeepsItsInventory() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        for version in ["1", "2"] {
            try store.recordReport(
                profile: "default", sources: ["x"], inventory: [entry(version)], flagged: [], events: [],
                keepingInventories: 0)
        }
        #expect(try store.previousRun()?.inventory.map(\.version) == ["2"])
        #expect(try store.runSummaries().count == 2)
    }

    /// A history written before report runs had a column of their own: the runs holding an inventory were reports.
    @Test func earlierReportRunsStayInTheTrend() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("history.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try HistoryStore.migrator.migrate(pool, upTo: "v6-run-event-changes")
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (started_at, profile, sources, packages, inventory, allow_count)
                        VALUES (1700000000, 'default', 'x', 1, X'00', 1);
                        INSERT INTO run (started_at, profile, sources, packages) VALUES (1700000100, 'default', 'y', 3);
                        """)
            }
        }
        let store = try HistoryStore(path: path, comparators: .native)
        let trend = try store.runSummaries()
        #expect(trend.map(\.id) == [1] && trend.first?.allow == 1)
    }
}
