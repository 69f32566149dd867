import Foundation
import GRDB
import TollgateCore
import TollgateDrift

extension HistoryStore {
    static func registerTestDataBlobMigration(_ migrator: inout DatabaseMigrator) {
        // The content of each test data file, so that a later release's same-named file with other content is told
        // apart (`changed_in_release`).
        migrator.registerMigration("v10-test-data-blob") { db in
            try db.execute(sql: "ALTER TABLE release_file ADD COLUMN blob TEXT")
        }
    }

    /// What the history adds to a drift comparison.
    public struct DriftContext: Sendable {
        /// The closest earlier release whose tarball was read, and its test data: blob id by path (empty when the
        /// history did not keep it).
        public var previous: (release: String, testData: [String: String])?
        /// Per macro name and digest: other packages with the same content, with the same name.
        let m4Counts: [String: (content: [String: Int64], name: Int64)]

        /// The counts for a macro (0 when no other package ships it).
        public func m4Elsewhere(_ macro: M4Macro) -> (sameContent: Int64, sameName: Int64) {
            let entry = m4Counts[macro.name]
            return (entry?.content[macro.digest] ?? 0, entry?.name ?? 0)
        }
    }

    /// The history's view for a drift comparison of `facts`: the previous release with a read tarball, and how
    /// common each m4 name and content is among other packages.
    public func driftContext(for facts: PackageFacts, tarballFiles: [String]) throws(HistoryError) -> DriftContext {
        let comparator = comparators.comparator(for: facts.ecosystem)
        return try reading { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.version FROM release r
                    WHERE r.ecosystem = ? AND r.name = ? AND EXISTS (SELECT 1 FROM release_file f WHERE f.release_id = r.id)
                    """,
                arguments: [facts.ecosystem.rawValue, facts.name])
            let earlier = rows.map { (id: $0["id"] as Int64, version: $0.text("version") ?? "") }
                .filter { comparator.compare($0.version, facts.version) < 0 }
                .max { comparator.compare($0.version, $1.version) < 0 }
            var previous: (String, [String: String])?
            if let earlier {
                var files: [String: String] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT path, blob FROM release_file WHERE release_id = ?", arguments: [earlier.id])
                {
                    files[row.text("path") ?? ""] = row.text("blob") ?? ""
                }
                previous = (earlier.version, files)
            }
            var counts: [String: (content: [String: Int64], name: Int64)] = [:]
            let m4 = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.name, m.digest, count(DISTINCT r.ecosystem || '/' || r.name) AS packages FROM release_m4 m
                    JOIN release r ON r.id = m.release_id WHERE r.name != ? GROUP BY m.name, m.digest
                    """,
                arguments: [facts.name])
            for row in m4 {
                let name: String = row["name"]
                counts[name, default: ([:], 0)].content[row["digest"]] = row["packages"]
            }
            let names = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.name, count(DISTINCT r.ecosystem || '/' || r.name) AS packages FROM release_m4 m
                    JOIN release r ON r.id = m.release_id WHERE r.name != ? GROUP BY m.name
                    """,
                arguments: [facts.name])
            for row in names {
                let name: String = row["name"]
                counts[name, default: ([:], 0)].name = row["packages"]
            }
            return DriftContext(previous: previous, m4Counts: counts)
        }
    }

    /// The build dependency of `facts` with the highest score in its latest recorded run. Build dependencies name
    /// binary packages (a Debian source package of the same name may be another package altogether).
    public func buildDependencyRisk(for facts: PackageFacts) throws(HistoryError) -> BuildDependencyRisk? {
        let names = Set((facts.buildDependencies ?? []).map(\.name))
        guard !names.isEmpty else { return nil }
        return try reading { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.name, p.score, p.decision, r.started_at FROM run_package p JOIN run r ON r.id = p.run_id
                    WHERE p.ecosystem = ? AND p.kind = 'binary' ORDER BY r.started_at DESC
                    """,
                arguments: [facts.ecosystem.rawValue])
            var latest: [String: (score: Int64, decision: String)] = [:]
            for row in rows {
                let name: String = row["name"]
                guard names.contains(name), latest[name] == nil else { continue }
                latest[name] = (row["score"], row["decision"])
            }
            return latest.max { ($0.value.score, $1.key) < ($1.value.score, $0.key) }.map {
                BuildDependencyRisk(package: $0.key, score: $0.value.score, decision: $0.value.decision)
            }
        }
    }
}
