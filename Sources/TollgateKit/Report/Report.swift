import Foundation
import TollgateCore
import TollgateHistory

/// A periodic risk report: one run over whole repositories, against the run before it and the runs before that.
struct Report {
    var generated: Date
    var profile: String
    var thresholds: (warn: Int, deny: Int)
    var sources: [String]
    var since: Date
    var sinceText: String
    /// The run's id in the history; nil when the report used none (`--no-history`): nothing compared or recorded.
    var runID: Int64?
    let judged: [JudgedPackage]
    /// How many of the judged packages got each decision (counted once: every output shows them).
    let totals: [Decision: Int]
    var problems: [Problem]
    /// Source packages judged without their tarballs' contents, and why.
    var uninspected: [Problem] = []
    var previous: (id: Int64, time: Date)?
    var changes = Changes()
    /// Signer and maintainer changes first seen by runs in the period (this one included), each once.
    var events: [HistoryStore.RunEvent] = []
    /// Earlier runs and this one, oldest first.
    var trend: [HistoryStore.RunSummary] = []
    /// `report.json`'s packages, being rendered on another thread (see `renderingPackages()`).
    var renderedPackages: Background<[UInt8]>?

    init(
        generated: Date, profile: String, thresholds: (warn: Int, deny: Int), sources: [String], since: Date,
        sinceText: String, judged: [JudgedPackage], problems: [Problem]
    ) {
        self.generated = generated
        self.profile = profile
        self.thresholds = thresholds
        self.sources = sources
        self.since = since
        self.sinceText = sinceText
        self.judged = judged
        self.totals = Decision.counts(judged.lazy.map(\.verdict.decision))
        self.problems = problems
    }

    /// What the report says when there is no previous run to compare with.
    var noPreviousRun: String {
        runID == nil
            ? "No history was used (--no-history): nothing was compared or recorded."
            : "This history holds no earlier run to compare with."
    }

    /// Starts rendering `report.json`'s packages on another thread, for the rest of the report's work to go on
    /// beside it.
    mutating func renderingPackages() {
        let judged = judged
        renderedPackages = Background { ReportWriter.packagesJSON(judged) }
    }

    /// What changed since the previous run.
    struct Changes: Sendable {
        var new: [HistoryStore.InventoryEntry] = []
        var removed: [HistoryStore.InventoryEntry] = []
        var scoreUp: [(before: HistoryStore.InventoryEntry, after: HistoryStore.InventoryEntry)] = []
        var scoreDown: [(before: HistoryStore.InventoryEntry, after: HistoryStore.InventoryEntry)] = []
        var decisionChanged: [(before: HistoryStore.InventoryEntry, after: HistoryStore.InventoryEntry)] = []

        /// The differences between two inventories. A package is known by ecosystem, kind, artefact format and name;
        /// where one run holds several versions of it (a directory of uploads), its newest version stands for it, and
        /// of several copies of that version (architectures, repositories) the riskiest: a copy rebuilt with a
        /// dangerous maintainer script changes the package's decision even if another copy was read first.
        init(
            previous: [HistoryStore.InventoryEntry], current: [HistoryStore.InventoryEntry],
            comparators: VersionComparators
        ) {
            // The same packages in the same order with the same results (a repository that did not change since the
            // last run): nothing to tell, and no need to index either inventory.
            if previous.count == current.count,
                zip(previous, current).allSatisfy({ $0 == $1 })
            {
                return
            }
            // Which entry stands for each package: its newest version, and of equal versions the riskiest (the first
            // read, among equally risky ones). Entries are referred to by position, so each dictionary holds small
            // values; order is the inventory's.
            func risk(_ e: HistoryStore.InventoryEntry) -> (Decision, Int) {
                (Decision(rawValue: e.decision) ?? .allow, e.score)
            }
            func newest(_ entries: [HistoryStore.InventoryEntry]) -> [HistoryStore.InventoryEntry.Key: Int] {
                var kept: [HistoryStore.InventoryEntry.Key: Int] = [:]
                kept.reserveCapacity(entries.count)
                for (i, e) in entries.enumerated() {
                    let key = e.key
                    // One hash operation for a package seen once (the usual case); a second only for another version.
                    guard let j = kept.updateValue(i, forKey: key) else { continue }
                    let comparator = comparators.comparator(for: Ecosystem(rawValue: e.ecosystem) ?? .debian)
                    let order = comparator.compare(entries[j].version, e.version)
                    if order > 0 || order == 0 && risk(entries[j]) >= risk(e) { kept[key] = j }
                }
                return kept
            }
            let before = newest(previous)
            let after = newest(current)
            for (i, e) in current.enumerated() {
                let key = e.key
                guard after[key] == i else { continue }
                guard let j = before[key] else {
                    new.append(e)
                    continue
                }
                let old = previous[j]
                if e.score > old.score { scoreUp.append((old, e)) }
                if e.score < old.score { scoreDown.append((old, e)) }
                if e.decision != old.decision { decisionChanged.append((old, e)) }
            }
            for (j, old) in previous.enumerated() {
                let key = old.key
                if before[key] == j, after[key] == nil { removed.append(old) }
            }
            scoreUp.sort { $0.after.score - $0.before.score > $1.after.score - $1.before.score }
            scoreDown.sort { $0.before.score - $0.after.score > $1.before.score - $1.after.score }
        }

        init() {}
    }

    /// The judged packages with findings, riskiest first.
    var riskiest: [JudgedPackage] {
        judged.filter { !$0.verdict.findings.isEmpty || $0.verdict.decision != .allow }
            .sorted { ($0.verdict.score, $1.name) > ($1.verdict.score, $0.name) }
    }

    /// Scores in ten bins (0–9, …, 90–100).
    var distribution: [Int] {
        var bins = [Int](repeating: 0, count: 10)
        for p in judged { bins[min(9, p.verdict.score / 10)] += 1 }
        return bins
    }

    /// Signer and maintainer changes a package's history facts show in this run.
    static func events(of facts: PackageFacts, at time: Date) -> [HistoryStore.RunEvent] {
        guard let history = facts.history, history.available, history.releasesBefore > 0 else { return [] }
        func event(_ kind: String, _ detail: String) -> HistoryStore.RunEvent {
            HistoryStore.RunEvent(
                time: time, ecosystem: facts.ecosystem.rawValue, name: facts.name, version: facts.version, kind: kind,
                detail: detail)
        }
        var out: [HistoryStore.RunEvent] = []
        if history.maintainerChanged {
            let who = facts.maintainer?.raw ?? facts.packager?.raw ?? "?"
            out.append(event("maintainer-changed", "now \(who) (previous release \(history.previousVersion ?? "?"))"))
        }
        if !history.newPeople.isEmpty {
            out.append(event("new-person", history.newPeople.joined(separator: ", ")))
        }
        for signer in [history.packageSigner, history.upstreamSigner, history.tagSigner].compactMap({ $0 })
        where !signer.seenBefore && signer.roleSignedReleasesBefore > 0 {
            var detail = "\(signer.fingerprint) replaces \(signer.previousFingerprint ?? "?")"
            if let age = signer.keyAgeDays { detail += "; key \(Int(age)) days old" }
            out.append(event("new-\(signer.role)-signer", detail))
        }
        return out
    }
}
