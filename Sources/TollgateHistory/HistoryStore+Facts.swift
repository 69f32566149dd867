import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import TollgateCore

/// The releases of the database in memory, grouped by package: for judging a whole repository without one query
/// per package. Every recorded version is held; whole rows only for packages recorded in more than one version or
/// with changelog entries (the only ones whose history has anything earlier to analyse).
public struct HistorySnapshot: Sendable {
    let versions: [Key: [String]]
    let rows: [Key: [StoredRelease]]
    let entries: [Key: [ChangelogSeen]]
    let comparators: VersionComparators
    let store: HistoryStore
    /// The history of every release with nothing earlier to analyse: one object, shared by all of them.
    let nothingEarlier: Boxed<HistoryFacts>
    /// The first error met reading a package's rows on demand (see `readFailure`).
    private let failure = FirstFailure()

    /// The first error met reading the history of a release the snapshot does not hold: that release was given a
    /// history that says it is not available, and a caller must not pass its verdict off as judged against the
    /// history (a gate then decides by `on_error`).
    public var readFailure: HistoryError? { failure.error }

    /// Keeps the first error of several threads.
    final class FirstFailure: Sendable {
        private let first = Mutex<HistoryError?>(nil)
        var error: HistoryError? { first.withLock { $0 } }
        func note(_ error: HistoryError) { first.withLock { if $0 == nil { $0 = error } } }
    }

    /// A package: ecosystem, namespace (see `PackageNamespace`) and name. Kept apart rather than joined into one
    /// string, so that a lookup for each of a hundred thousand packages allocates nothing.
    struct Key: Hashable {
        let ecosystem: String
        let namespace: String
        let name: String

        /// The name alone, which is cheaper than all three: keys of one name (a Debian source and its binary of the
        /// same name, say) share a bucket, and `==` tells them apart.
        func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    static func key(_ ecosystem: String, _ kind: String, _ name: String) -> Key {
        Key(ecosystem: ecosystem, namespace: PackageNamespace.of(ecosystem: ecosystem, kind: kind), name: name)
    }

    /// The history facts of a release against the snapshot.
    public func history(for facts: PackageFacts) -> HistoryFacts { sharedHistory(for: facts).value }

    /// The history facts of a release, held by an object that releases with the same facts may share: every
    /// release with nothing earlier gets the one `nothingEarlier` (rules false for it are then known false for all
    /// of them without comparing, see `FactObject.factFieldHolder`).
    public func sharedHistory(for facts: PackageFacts) -> Boxed<HistoryFacts> {
        let key = HistorySnapshot.key(facts.ecosystem.rawValue, facts.kind.rawValue, facts.name)
        let comparator = comparators.comparator(for: facts.ecosystem)
        // The version judged is usually the one recorded (an equal text compares equal in every version order).
        let earlierVersion = (versions[key] ?? []).contains {
            $0 != facts.version && comparator.compare($0, facts.version) < 0
        }
        // Nothing earlier and no signer of its own to describe (an index entry of an archive seen before, say):
        // nothing to analyse.
        if (facts.changelog ?? []).isEmpty, facts.changedBy == nil, facts.signatures.isEmpty, !earlierVersion,
            entries.isEmpty
                || !(entries[key] ?? []).contains(where: {
                    HistoryAnalysis.isEarlier($0, than: facts.version, comparator)
                })
        {
            return nothingEarlier
        }
        // An earlier version whose row the snapshot does not hold (the release judged was not recorded first, as
        // `gate` judges before it records): read the package's rows.
        if earlierVersion, rows[key] == nil {
            do {
                return Boxed(try store.history(for: facts))
            } catch {
                failure.note(error)
                return Boxed(HistoryFacts(available: false))
            }
        }
        return Boxed(
            HistoryAnalysis(
                current: facts, record: ReleaseRecord(facts: facts), rows: rows[key] ?? [],
                entries: entries[key] ?? [], comparator: comparator, database: store.path
            ).facts())
    }
}

extension HistoryStore {
    /// Loads every recorded version and changelog entry into memory, and the rows of packages with more than one.
    public func snapshot() throws(HistoryError) -> HistorySnapshot {
        return try reading { db in
            var versions: [HistorySnapshot.Key: [String]] = [:]
            versions.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM release") ?? 0)
            try HistoryStore.forEachRow(db, "SELECT ecosystem, kind, name, version FROM release") { row in
                let key = HistorySnapshot.key(
                    HistoryStore.text(row, 0), HistoryStore.text(row, 1), HistoryStore.text(row, 2))
                versions[key, default: []].append(HistoryStore.text(row, 3))
            }
            var entries: [HistorySnapshot.Key: [ChangelogSeen]] = [:]
            // An entry belongs to the namespace of the release that carried it.
            let entryCursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.ecosystem, r.kind, e.name, e.version, e.author, e.author_raw, e.date, r.version
                    FROM changelog_entry e JOIN release r ON r.id = e.release_id
                    """
            )
            while let row = try entryCursor.next() {
                entries[HistorySnapshot.key(row.text(0) ?? "", row.text(1) ?? "", row.text(2) ?? ""), default: []]
                    .append(
                        (
                            version: row.text(3) ?? "", author: row.text(4) ?? "", raw: row.text(5) ?? "",
                            date: row.number(6).map { Date(timeIntervalSince1970: $0) }, carrier: row.text(7) ?? ""
                        )
                    )
            }
            var full = Set(entries.keys)
            for (key, list) in versions where list.count > 1 && list.contains(where: { $0 != list[0] }) {
                full.insert(key)
            }
            var rows: [HistorySnapshot.Key: [StoredRelease]] = [:]
            if !full.isEmpty {
                // Only the rows of those packages (a few dozen in a whole archive), found by name through the index.
                let packages = Set(full.map { [$0.ecosystem, $0.name] }).sorted { $0.lexicographicallyPrecedes($1) }
                let cursor = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT ecosystem, kind, name, \(StoredRelease.columns) FROM release
                        WHERE (ecosystem, name) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))
                        """,
                    arguments: [String(decoding: try JSONEncoder().encode(packages), as: UTF8.self)])
                while let row = try cursor.next() {
                    let key = HistorySnapshot.key(row.text(0) ?? "", row.text(1) ?? "", row.text(2) ?? "")
                    if full.contains(key) { rows[key, default: []].append(StoredRelease(row: row)) }
                }
            }
            return HistorySnapshot(
                versions: versions, rows: rows, entries: entries, comparators: comparators, store: self,
                nothingEarlier: Boxed(HistoryFacts(available: true, database: path)))
        }
    }

    /// The history facts of a release: it against every earlier release of the same package held here.
    public func history(for facts: PackageFacts) throws(HistoryError) -> HistoryFacts {
        let rows: [StoredRelease]
        let entries: [ChangelogSeen]
        (rows, entries) = try reading { db in
            let namespace = { (column: String) in
                PackageNamespace.condition(
                    ecosystem: facts.ecosystem.rawValue, kind: facts.kind.rawValue, column: column)
            }
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT \(StoredRelease.columns) FROM release WHERE ecosystem = ? AND name = ?\(namespace("kind"))",
                arguments: [facts.ecosystem.rawValue, facts.name]
            ).map(StoredRelease.init(row:))
            let entries = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.version, e.author, e.author_raw, e.date, r.version AS carrier FROM changelog_entry e
                    JOIN release r ON r.id = e.release_id WHERE e.ecosystem = ? AND e.name = ?\(namespace("r.kind"))
                    """,
                arguments: [facts.ecosystem.rawValue, facts.name]
            ).map { row in
                (
                    version: row.text("version") ?? "", author: row.text("author") ?? "",
                    raw: row.text("author_raw") ?? "",
                    date: row.number("date").map { Date(timeIntervalSince1970: $0) },
                    carrier: row.text("carrier") ?? ""
                )
            }
            return (rows, entries)
        }
        return HistoryAnalysis(
            current: facts, record: ReleaseRecord(facts: facts), rows: rows, entries: entries,
            comparator: comparators.comparator(for: facts.ecosystem), database: path
        ).facts()
    }
}

/// A changelog entry as the history holds it: the version and person it names, and the version of the release
/// that carried it.
typealias ChangelogSeen = (version: String, author: String, raw: String, date: Date?, carrier: String)

/// Works out history facts from the rows of one package.
struct HistoryAnalysis {
    /// Whether a changelog entry tells of the time before `version`: it names an earlier version and came with an
    /// earlier release. A release's own changelog is the signer's word about the past — it could invent a
    /// predecessor for a newcomer — so only what earlier releases said counts as history.
    static func isEarlier(_ entry: ChangelogSeen, than version: String, _ comparator: any VersionComparator) -> Bool {
        comparator.compare(entry.version, version) < 0 && comparator.compare(entry.carrier, version) < 0
    }

    let current: PackageFacts
    let record: ReleaseRecord
    let earlier: [StoredRelease]
    let entries: [ChangelogSeen]
    let comparator: any VersionComparator
    let database: String
    let now: Date

    init(
        current: PackageFacts, record: ReleaseRecord, rows: [StoredRelease],
        entries: [ChangelogSeen], comparator: any VersionComparator,
        database: String
    ) {
        self.current = current
        self.record = record
        self.comparator = comparator
        self.database = database
        // Earlier releases, oldest first by the ecosystem's own version order. A release recorded after a newer one
        // of the same package (an upload of a lower version, a release slipped into a mirror) is earlier for
        // releases known before it came — the past of a package being filled in, as when older uploads are added to
        // a report — and for releases below the newest version recorded before it (the next update of a stable
        // branch, recorded after the development version). For a later release above that version it is no part of
        // the past its version claims: counted, a throwaway 0.1-1 by a newcomer would make him a known signer and
        // maintainer for his next upload.
        let cameLate = HistoryAnalysis.outOfOrder(rows, comparator)
        let known =
            rows.filter { comparator.compare($0.version, current.version) == 0 }.map(\.observedAt).min()
            ?? .distantFuture
        self.earlier = rows.indices.filter { i in
            guard comparator.compare(rows[i].version, current.version) < 0 else { return false }
            guard let newestBefore = cameLate[i] else { return true }
            return known < rows[i].observedAt || comparator.compare(current.version, newestBefore) < 0
        }.map { rows[$0] }.sorted { comparator.compare($0.version, $1.version) < 0 }
        self.entries = entries.filter { HistoryAnalysis.isEarlier($0, than: current.version, comparator) }
        self.now = current.date ?? current.buildTime ?? Date()
    }

    /// The rows of releases recorded after a newer version of the package had been, by index, with the newest
    /// version recorded before them (rows recorded at the same time — one ingest, one report — came together, in
    /// no order).
    static func outOfOrder(_ rows: [StoredRelease], _ comparator: any VersionComparator) -> [Int: String] {
        var late: [Int: String] = [:]
        var newestBefore: String?
        let byTime = Dictionary(grouping: rows.indices, by: { rows[$0].observedAt }).sorted { $0.key < $1.key }
        for (_, together) in byTime {
            if let newest = newestBefore {
                for i in together where comparator.compare(newest, rows[i].version) > 0 { late[i] = newest }
            }
            for i in together where newestBefore.map({ comparator.compare(rows[i].version, $0) > 0 }) ?? true {
                newestBefore = rows[i].version
            }
        }
        return late
    }

    func days(_ from: Date?, _ to: Date?) -> Double? {
        guard let from, let to else { return nil }
        return to.timeIntervalSince(from) / 86_400
    }

    func facts() -> HistoryFacts {
        var h = HistoryFacts(available: true, database: database)
        let versions = Set(earlier.map(\.version))
        h.releasesBefore = Int64(versions.count)
        h.signedReleasesBefore = Int64(
            Set(earlier.filter { $0.roles.values.contains { $0.status == "good" } }.map(\.version)).count)
        h.firstRelease = earlier.compactMap(\.releasedAt).min()
        let previous = earlier.last
        h.previousVersion = previous?.version
        h.previousDate = previous.flatMap { p in
            earlier.filter { $0.version == p.version }.compactMap(\.releasedAt).max()
        }
        h.daysSincePrevious = days(h.previousDate, current.date)

        // Signers of earlier releases, per role and across roles.
        var seen:
            [String: (
                role: String, first: Date?, last: Date?, versions: Set<String>, firstVersion: String,
                lastVersion: String
            )] = [:]
        for row in earlier {
            for (role, signature) in row.roles where signature.status == "good" {
                guard let fpr = signature.fingerprint else { continue }
                let key = role + "\u{0}" + fpr
                let date = row.date(in: role)
                var entry = seen[key] ?? (role, date, date, [], row.version, row.version)
                if let date {
                    entry.first = min(entry.first ?? date, date)
                    entry.last = max(entry.last ?? date, date)
                }
                entry.versions.insert(row.version)
                entry.lastVersion = row.version
                seen[key] = entry
            }
        }
        h.signers = seen.map { key, v in
            SignerSeen(
                fingerprint: String(key.split(separator: "\u{0}").last ?? ""), role: v.role, firstSeen: v.first,
                lastSeen: v.last, releases: Int64(v.versions.count), firstVersion: v.firstVersion,
                lastVersion: v.lastVersion
            )
        }.sorted { ($0.firstSeen ?? .distantPast, $0.role) < ($1.firstSeen ?? .distantPast, $1.role) }

        h.packageSigner = signerHistory("package")
        h.upstreamSigner = signerHistory("upstream")
        h.tagSigner = signerHistory("tag")
        for role in ReleaseRecord.roles(of: current).sorted() where record.roles[role]?.status != "good" {
            if earlier.contains(where: { $0.roles[role]?.status == "good" }) { h.signatureRegressedRoles.append(role) }
        }

        people(into: &h, previous: previous)
        if let previousKeys = earlier.last(where: { $0.upstreamKeys != nil })?.upstreamKeys,
            let keys = record.upstreamKeys
        {
            h.upstreamKeysAdded = keys.filter { !previousKeys.contains($0) }
            h.upstreamKeysRemoved = previousKeys.filter { !keys.contains($0) }
        }
        let dependencies = record.buildDependencies
        if let previousDeps = earlier.last(where: { !$0.buildDependencies.isEmpty })?.buildDependencies,
            !dependencies.isEmpty
        {
            let previousSet = Set(previousDeps)
            let currentSet = Set(dependencies)
            h.buildDependenciesAdded = dependencies.filter { !previousSet.contains($0) }
            h.buildDependenciesRemoved = previousDeps.filter { !currentSet.contains($0) }
        }
        let previousName =
            previous?.maintainerRaw.map { Person(parsing: $0).name }
            ?? previous?.packagerRaw.map { Person(parsing: $0).name }
        h.handoverDocumented = Handover.documented(record.newestChange, previousMaintainer: previousName)
        return h
    }

    /// The current release's signer in a role, against earlier releases.
    func signerHistory(_ role: String) -> SignerHistory? {
        guard let mine = record.roles[role], mine.status == "good", let fpr = mine.fingerprint else { return nil }
        let inRole = earlier.filter { $0.roles[role]?.status == "good" }
        let byMeInRole = inRole.filter { $0.roles[role]?.fingerprint == fpr }
        let byMeAnyRole = earlier.filter { row in
            row.roles.values.contains { $0.status == "good" && $0.fingerprint == fpr }
        }
        var s = SignerHistory(
            role: role, fingerprint: fpr, seenBefore: !byMeInRole.isEmpty, seenBeforeAnyRole: !byMeAnyRole.isEmpty,
            releasesSignedBefore: Int64(Set(byMeInRole.map(\.version)).count),
            roleSignedReleasesBefore: Int64(Set(inRole.map(\.version)).count)
        )
        s.firstSeen = byMeAnyRole.compactMap { row in
            row.roles.filter { $0.value.fingerprint == fpr }.keys.compactMap { row.date(in: $0) }.min()
        }.min()
        s.keyCreated = mine.keyCreated
        // A signature dated in the future counts as made now (see `SignatureFacts.keyAgeDays`).
        s.keyAgeDays = days(mine.keyCreated, (mine.signedAt ?? current.date).map { min($0, Date()) })
        if let previous = inRole.last, let previousFpr = previous.roles[role]?.fingerprint {
            s.previousFingerprint = previousFpr
            let signedByPrevious = earlier.flatMap { row in
                row.roles.filter { $0.value.status == "good" && $0.value.fingerprint == previousFpr }.keys.map {
                    (row, $0)
                }
            }
            let dates = signedByPrevious.compactMap { $0.0.date(in: $0.1) }
            s.previousLastSigned = dates.max()
            s.previousTenureDays = days(dates.min(), dates.max())
            s.previousReleasesSigned = Int64(Set(signedByPrevious.map(\.0.version)).count)
            s.daysSincePreviousSigned = days(s.previousLastSigned, mine.signedAt ?? current.date)
        }
        return s
    }

    /// Maintainer, uploader, packager and changed-by history.
    func people(into h: inout HistoryFacts, previous: StoredRelease?) {
        var people: [String: (raw: String, first: Date?, last: Date?, versions: Set<String>, roles: Set<String>)] = [:]
        func note(_ identity: String?, _ raw: String?, _ date: Date?, _ role: String, _ version: String) {
            guard let identity, !identity.isEmpty else { return }
            var p = people[identity] ?? (raw ?? identity, date, date, [], [])
            if let raw { p.raw = raw }
            if let date {
                p.first = min(p.first ?? date, date)
                p.last = max(p.last ?? date, date)
            }
            p.versions.insert(version)
            p.roles.insert(role)
            people[identity] = p
        }
        for row in earlier {
            note(row.maintainer, row.maintainerRaw, row.releasedAt, "maintainer", row.version)
            for uploader in row.uploaders { note(uploader, nil, row.releasedAt, "uploader", row.version) }
            note(row.packager, row.packagerRaw, row.releasedAt, "packager", row.version)
            note(row.changedBy, row.changedByRaw, row.releasedAt, "changed_by", row.version)
        }
        for entry in entries { note(entry.author, entry.raw, entry.date, "changelog", entry.version) }
        h.people = people.map { identity, p in
            PersonSeen(
                identity: identity, raw: p.raw, firstSeen: p.first, lastSeen: p.last, releases: Int64(p.versions.count),
                roles: p.roles.sorted())
        }.sorted { ($0.firstSeen ?? .distantPast, $0.identity) < ($1.firstSeen ?? .distantPast, $1.identity) }

        let responsible = current.maintainer?.identity ?? current.packager?.identity
        if let previous, let responsible, let before = previous.responsible {
            h.maintainerChanged = before != responsible
        }
        if let responsible {
            h.maintainerTenureDays =
                people[responsible].flatMap { days($0.first, current.date) } ?? (people.isEmpty ? nil : 0)
        }
        let currentSet =
            [current.maintainer, current.packager, current.changedBy].compactMap { $0?.identity }
            + (current.uploaders ?? []).map(\.identity)
        if !people.isEmpty {
            h.newPeople = Array(Set(currentSet.filter { people[$0] == nil })).sorted()
            let firsts = Set(currentSet).map { identity in people[identity]?.first }
            h.daysSinceNewPerson = h.newPeople.isEmpty ? firsts.compactMap { days($0, current.date) }.min() : 0
        }
        if current.ecosystem == .debian, current.kind != .binary, let changedBy = current.changedBy?.identity {
            let team = Set([current.maintainer?.identity].compactMap { $0 } + (current.uploaders ?? []).map(\.identity))
            let nmuVersion = current.revision.contains(".") || current.revision.contains("nmu")
            h.nonMaintainerUpload = !team.contains(changedBy) || nmuVersion
        }
    }
}
