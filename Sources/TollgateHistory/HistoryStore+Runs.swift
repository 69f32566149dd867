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
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO run_package (run_id, ecosystem, kind, name, version, score, decision, findings)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for r in results {
                try statement.execute(arguments: [
                    id, r.facts.ecosystem.rawValue, r.facts.kind.rawValue, r.facts.name, r.facts.version,
                    r.verdict.score, r.verdict.decision.rawValue,
                    r.verdict.findings.map(\.ruleID).joined(separator: "\n"),
                ])
            }
            return id
        }
    }
}
