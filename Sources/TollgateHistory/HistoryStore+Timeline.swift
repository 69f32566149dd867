import Foundation
import GRDB
import TollgateCore

extension HistoryStore {
    /// One release in a package's timeline.
    public struct TimelineEntry: Sendable {
        public var ecosystem: String
        public var kind: String
        /// The kind of artefact it was observed in (`dsc`, `changes`, `sources-index`, `tarball`, `git-tag`, …).
        public var origin: String
        public var version: String
        public var date: Date?
        public var responsible: String?
        public var changedBy: String?
        /// Verified signer fingerprint (or the signature status when none verified) per role.
        public var signers: [String: String]
        public var artifact: String
    }

    /// Every release of a package (all ecosystems, or one), oldest first by version.
    public func timeline(name: String, ecosystem: Ecosystem? = nil) throws(HistoryError) -> [TimelineEntry] {
        return try reading { db in
            var sql = "SELECT ecosystem, origin, \(StoredRelease.columns) FROM release WHERE name = ?"
            var arguments: [any DatabaseValueConvertible] = [name]
            if let ecosystem {
                sql += " AND ecosystem = ?"
                arguments.append(ecosystem.rawValue)
            }
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            let entries = rows.map { row -> TimelineEntry in
                let stored = StoredRelease(row: row)
                var signers: [String: String] = [:]
                for (role, signature) in stored.roles {
                    signers[role] =
                        signature.status == "good" ? signature.fingerprint ?? "good" : signature.status
                }
                return TimelineEntry(
                    ecosystem: row["ecosystem"], kind: stored.kind, origin: row["origin"], version: stored.version,
                    date: stored.releasedAt,
                    responsible: stored.maintainerRaw ?? stored.packagerRaw, changedBy: stored.changedByRaw,
                    signers: signers, artifact: stored.artifact
                )
            }
            return entries.sorted { a, b in
                if a.ecosystem != b.ecosystem { return a.ecosystem < b.ecosystem }
                let c = self.comparators.comparator(for: Ecosystem(rawValue: a.ecosystem) ?? .debian).compare(
                    a.version, b.version)
                return c != 0 ? c < 0 : (a.kind, a.origin) < (b.kind, b.origin)
            }
        }
    }
}
