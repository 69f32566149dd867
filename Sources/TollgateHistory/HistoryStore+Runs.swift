import Foundation
import GRDB
import TollgateCore

extension HistoryStore {
    /// One package's outcome in a run.
    public struct RunResult: Sendable {
        public var facts: PackageFacts
        public var verdict: Verdict

        /// Creates a result.
        public init(facts: PackageFacts, verdict: Verdict) {
            self.facts = facts
            self.verdict = verdict
        }
    }

    /// Records a run (when, with which profile, over what) and each package's score, decision and findings, in one
    /// transaction. Returns the run's id.
    @discardableResult
    public func recordRun(
        profile: String, sources: [String], results: [RunResult], at time: Date = Date()
    )
        throws(HistoryError) -> Int64
    {
        return try writing { db in
            try db.execute(
                sql: "INSERT INTO run (started_at, profile, sources, packages) VALUES (?, ?, ?, ?)",
                arguments: [time.timeIntervalSince1970, profile, sources.joined(separator: "\n"), results.count])
            let id = db.lastInsertedRowID
            try HistoryStore.insertRunPackages(
                results.map { r in
                    FlaggedResult(
                        ecosystem: r.facts.ecosystem.rawValue, kind: r.facts.kind.rawValue, name: r.facts.name,
                        version: r.facts.version, score: r.verdict.score, decision: r.verdict.decision.rawValue,
                        rules: r.verdict.findings.map(\.ruleID))
                }, run: id, db: db)
            return id
        }
    }
}
