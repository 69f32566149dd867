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
        /// Recorded after a newer version of the package had been: history only for releases known before it came
        /// or below that newer version (see `HistoryAnalysis.init`).
        public var outOfOrder = false
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
            let stored = rows.map(StoredRelease.init(row:))
            // Releases came in order within one package history: an ecosystem and a namespace.
            var cameLate: Set<Int> = []
            let histories = Dictionary(grouping: stored.indices) { i in
                HistorySnapshot.key(rows[i].text("ecosystem") ?? "", stored[i].kind, "")
            }
            for (history, members) in histories {
                let comparator = comparators.comparator(for: Ecosystem(rawValue: history.ecosystem) ?? .debian)
                for late in HistoryAnalysis.outOfOrder(members.map { stored[$0] }, comparator).keys {
                    cameLate.insert(members[late])
                }
            }
            let entries = zip(rows, stored).enumerated().map { index, pair -> TimelineEntry in
                let (row, stored) = pair
                var signers: [String: String] = [:]
                for (role, signature) in stored.roles {
                    signers[role] =
                        signature.status == "good" ? signature.fingerprint ?? "good" : signature.status
                }
                return TimelineEntry(
                    ecosystem: row.text("ecosystem") ?? "", kind: stored.kind, origin: row.text("origin") ?? "",
                    version: stored.version,
                    date: stored.releasedAt,
                    responsible: stored.maintainerRaw ?? stored.packagerRaw, changedBy: stored.changedByRaw,
                    signers: signers, artifact: stored.artifact, outOfOrder: cameLate.contains(index)
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
