import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import TollgateCore

extension HistoryStore {
    /// What an ingest did.
    public struct IngestSummary: Sendable, Hashable {
        public var added = 0
        public var known = 0
        /// Releases already known that this observation said more of (signers, a changelog: see `ReleaseStrength`).
        public var completed = 0
        public var changelogEntries = 0
        public init() {}
    }

    /// Records releases, each once (by content digest), in transactions of `batchSize`: a release and its changelog
    /// entries are written together or not at all.
    @discardableResult
    public func ingest<S: Sequence>(_ releases: S, batchSize: Int = 2_000) throws(HistoryError) -> IngestSummary
    where S.Element == PackageFacts {
        let ingester = try self.ingester(batchSize: batchSize)
        for facts in releases { try ingester.add(facts) }
        return try ingester.finish()
    }

    /// An ingest fed one release at a time (as a scan reads them). The recorded digests are loaded when the first
    /// release comes: a run that passes over every input loads none.
    public func ingester(batchSize: Int = 2_000) throws(HistoryError) -> Ingester {
        Ingester(store: self, batchSize: batchSize)
    }

    /// The digests of every recorded release.
    func recordedDigests() throws(HistoryError) -> Set<ReleaseDigest> {
        return try reading { db in
            var digests = Set<ReleaseDigest>()
            try HistoryStore.forEachRow(db, "SELECT digest FROM release") { statement in
                let bytes = UnsafeRawBufferPointer(
                    start: sqlite3_column_blob(statement, 0), count: Int(sqlite3_column_bytes(statement, 0)))
                digests.insert(ReleaseDigest(row: bytes))
            }
            return digests
        }
    }

    /// The recorded releases a later observation could say more of (see `ReleaseStrength`), by digest.
    func incompleteReleases() throws(HistoryError) -> [ReleaseDigest: ReleaseStrength] {
        func list(_ values: some Sequence<String>) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }
        let statuses = ReleaseRecord.roleNames.map { "\($0)_status" }
        let unchecked = list(ReleaseStrength.uncheckedStatuses)
        let sql = """
            SELECT digest, origin, \(statuses.joined(separator: ", ")) FROM release
            WHERE origin IN (\(list(Artifact.indexEntryFormats.sorted())))
            OR \(statuses.map { "\($0) IN (\(unchecked))" }.joined(separator: " OR "))
            """
        return try reading { db in
            var found: [ReleaseDigest: ReleaseStrength] = [:]
            try HistoryStore.forEachRow(db, sql) { statement in
                let bytes = UnsafeRawBufferPointer(
                    start: sqlite3_column_blob(statement, 0), count: Int(sqlite3_column_bytes(statement, 0)))
                let roles = (0..<Int32(statuses.count)).map { column in
                    sqlite3_column_type(statement, 2 + column) == SQLITE_NULL
                        ? nil : HistoryStore.text(statement, 2 + column)
                }
                found[ReleaseDigest(row: bytes)] = ReleaseStrength(
                    indexed: Artifact.indexEntryFormats.contains(HistoryStore.text(statement, 1)), statuses: roles)
            }
            return found
        }
    }

    /// Records releases as they come, each once, in transactions of a batch of releases with their changelog
    /// entries: an ingest killed at any point leaves whole releases only.
    ///
    /// Three stages overlap: the caller's thread reads and checks digests; a full batch is turned into records on
    /// every core; a writer queue writes the previous batch meanwhile. At most two batches wait.
    public final class Ingester: @unchecked Sendable {
        let store: HistoryStore
        /// The digests recorded or queued; nil until the first release is added.
        var known: Set<ReleaseDigest>?
        /// Recorded releases a later observation could say more of; nil until a known release comes in a file of its
        /// own (an ingest of index entries only never loads them).
        private var incomplete: [ReleaseDigest: ReleaseStrength]?
        /// What the releases queued by this ingest say, where a later observation could say more.
        private var queuedIncomplete: [ReleaseDigest: ReleaseStrength] = [:]
        /// Who each digest queued in this run belongs to (see `ReleaseDigest.identity(of:)`).
        private var queuedIdentity: [ReleaseDigest: Int] = [:]
        let batchSize: Int
        /// Releases to write, in order.
        var batch: [Queued] = []
        private var added = 0
        private var knownCount = 0
        private var completed = 0

        /// A release to write; `completing` when it is recorded already and this observation completes its row.
        struct Queued: Sendable {
            var digest: ReleaseDigest
            var facts: PackageFacts
            var completing = false
        }
        private let written = Mutex<(entries: Int, error: HistoryError?)>((0, nil))
        private let builder = DispatchQueue(label: "tollgate.history.records")
        private let writer = DispatchQueue(label: "tollgate.history.write")
        private let releaser = DispatchQueue(label: "tollgate.history.release", qos: .utility)

        /// The one owner of a batch's records, so that they are freed where the batch is emptied.
        final class Batch: @unchecked Sendable {
            var records: [ReleaseRecord.Prepared]
            init(_ records: [ReleaseRecord.Prepared]) { self.records = records }
        }
        private let slots = DispatchSemaphore(value: 2)

        init(store: HistoryStore, batchSize: Int) {
            self.store = store
            self.batchSize = max(1, batchSize)
        }

        /// When this recording began: every release it records is observed at this one time (see `HistoryAnalysis`,
        /// which tells releases that came after a newer one by it).
        private let started = Date()

        /// What has been done so far (releases queued count as added).
        public var summary: IngestSummary {
            var s = IngestSummary()
            s.added = added
            s.known = knownCount
            s.completed = completed
            s.changelogEntries = written.withLock { $0.entries }
            return s
        }

        /// Queues a release unless its digest is already recorded or queued — or, when it is, unless this
        /// observation says more of it (see `ReleaseStrength`); `prepare` (signature verification, say) runs only on
        /// a release that is new or may be completed.
        public func add(_ facts: PackageFacts, prepare: (inout PackageFacts) -> Void = { _ in }) throws(HistoryError) {
            if let error = written.withLock({ $0.error }) { throw error }
            var digest = ReleaseRecord.digest(of: facts)
            if known == nil { known = try store.recordedDigests() }
            // Another release of this run claimed the digest (an index entry may list any file's checksum as its
            // own): this one is known under a key of its own, rather than taken for that release.
            if let first = queuedIdentity[digest], first != ReleaseDigest.identity(of: facts) {
                digest = digest.claimed(
                    ecosystem: facts.ecosystem.rawValue, kind: facts.kind.rawValue, name: facts.name,
                    version: facts.version)
            }
            guard known!.insert(digest).inserted else {
                knownCount += 1
                // An index entry says nothing its file would not.
                if !facts.artifact.isIndexEntry { try complete(digest, with: facts, prepare: prepare) }
                return
            }
            queuedIdentity[digest] = ReleaseDigest.identity(of: facts)
            var facts = facts
            prepare(&facts)
            let strength = ReleaseStrength(facts)
            if !strength.isComplete { queuedIncomplete[digest] = strength }
            queue(Queued(digest: digest, facts: facts))
            added += 1
        }

        /// Queues a known release again when this observation of it says more than the recorded one.
        private func complete(
            _ digest: ReleaseDigest, with facts: PackageFacts, prepare: (inout PackageFacts) -> Void
        ) throws(HistoryError) {
            if incomplete == nil { incomplete = try store.incompleteReleases() }
            guard let held = queuedIncomplete[digest] ?? incomplete![digest] else { return }
            var facts = facts
            prepare(&facts)
            let strength = ReleaseStrength(facts)
            guard held.isExceeded(by: strength) else { return }
            queuedIncomplete[digest] = held.merged(with: strength)
            queue(Queued(digest: digest, facts: facts, completing: true))
            completed += 1
        }

        private func queue(_ release: Queued) {
            batch.append(release)
            if batch.count >= batchSize { dispatch() }
        }

        private func dispatch() {
            guard !batch.isEmpty else { return }
            let pending = batch
            batch = []
            batch.reserveCapacity(batchSize)
            slots.wait()
            builder.async { [self] in
                let batch = Batch(Ingester.records(pending))
                writer.async { [self] in
                    defer {
                        // Freeing a batch of records costs about a tenth of writing it: not on the writer's time.
                        releaser.async { batch.records = [] }
                        slots.signal()
                    }
                    guard written.withLock({ $0.error }) == nil else { return }
                    do throws(HistoryError) {
                        let entries = try store.writing { db in
                            try HistoryStore.insert(batch.records, observedAt: started, db: db)
                        }
                        written.withLock { $0.entries += entries }
                    } catch {
                        written.withLock { $0.error = error }
                    }
                }
            }
        }

        /// Records of a batch, built on every core.
        static func records(_ batch: [Queued]) -> [ReleaseRecord.Prepared] {
            let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batch.count / 64))
            let parts = Mutex<[[ReleaseRecord.Prepared]]>(Array(repeating: [], count: chunks))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (batch.count * chunk / chunks)..<(batch.count * (chunk + 1) / chunks)
                let built = batch[range].map {
                    ReleaseRecord.Prepared(
                        ReleaseRecord(facts: $0.facts, digest: $0.digest), completing: $0.completing)
                }
                parts.withLock { $0[chunk] = built }
            }
            return parts.withLock { $0.flatMap { $0 } }
        }

        /// Writes what is queued and waits for it to be written.
        public func flush() throws(HistoryError) {
            dispatch()
            builder.sync {}
            writer.sync {}
            releaser.sync {}
            if let error = written.withLock({ $0.error }) { throw error }
        }

        /// Writes what is queued and returns the summary.
        public func finish() throws(HistoryError) -> IngestSummary {
            try flush()
            return summary
        }
    }

    static func insert(_ records: [ReleaseRecord], db: Database) throws -> Int {
        try insert(records.map { ReleaseRecord.Prepared($0) }, observedAt: Date(), db: db)
    }

    /// The columns of a release row as `insert` binds them, in order.
    static let releaseColumns = """
        digest, ecosystem, name, version, kind, origin, artifact, observed_at, released_at,
        maintainer, maintainer_raw, uploaders, packager, packager_raw, changed_by, changed_by_raw,
        package_status, package_signer, package_key_created, package_signed_at,
        upstream_status, upstream_signer, upstream_key_created, upstream_signed_at,
        tag_status, tag_signer, tag_key_created, tag_signed_at,
        build_dependencies, upstream_keys, files_digest, newest_change
        """

    /// What a row recorded already takes of a later observation of the same release (see `ReleaseStrength`): a
    /// row seen only as an index entry takes the file's origin and the details the entry lacked; each role takes
    /// the signature whose status says more; nothing the row knows is forgotten.
    static let completion: String = {
        func list(_ values: some Sequence<String>) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }
        let indexed = list(Artifact.indexEntryFormats.sorted())
        let fromFile = "release.origin IN (\(indexed)) AND excluded.origin NOT IN (\(indexed))"
        var set = ["origin", "artifact"].map {
            "\($0) = CASE WHEN \(fromFile) THEN excluded.\($0) ELSE release.\($0) END"
        }
        set += [
            "released_at", "maintainer", "maintainer_raw", "packager", "packager_raw", "changed_by", "changed_by_raw",
            "upstream_keys", "files_digest", "newest_change",
        ].map { "\($0) = coalesce(release.\($0), excluded.\($0))" }
        set += ["uploaders", "build_dependencies"].map {
            "\($0) = CASE WHEN release.\($0) = '' THEN excluded.\($0) ELSE release.\($0) END"
        }
        // ReleaseStrength.rank in SQL.
        func rank(_ column: String) -> String {
            let unchecked = ReleaseStrength.uncheckedStatuses.map {
                "WHEN \(column) = '\($0)' THEN \(ReleaseStrength.rank($0))"
            }
            return "(CASE WHEN \(column) IS NULL THEN 0 \(unchecked.joined(separator: " ")) ELSE 3 END)"
        }
        for role in ReleaseRecord.roleNames {
            let says = "\(rank("excluded.\(role)_status")) > \(rank("release.\(role)_status"))"
            set += ["status", "signer", "key_created", "signed_at"].map {
                "\(role)_\($0) = CASE WHEN \(says) THEN excluded.\(role)_\($0) ELSE release.\(role)_\($0) END"
            }
        }
        // Only the same release is completed: an index entry may list any file's checksum as its own (a `Sources`
        // entry naming another package's signed .dsc would otherwise take that package's signer as its own).
        let same = ["ecosystem", "kind", "name", "version"].map { "release.\($0) = excluded.\($0)" }
        return "ON CONFLICT(digest) DO UPDATE SET " + set.joined(separator: ", ") + " WHERE "
            + same.joined(separator: " AND ")
    }()

    static func insert(_ records: [ReleaseRecord.Prepared], observedAt: Date, db: Database) throws -> Int {
        let now = observedAt.timeIntervalSince1970
        let values = "VALUES (" + Array(repeating: "?", count: 32).joined(separator: ", ") + ")"
        let release = try db.cachedStatement(sql: "INSERT OR IGNORE INTO release (\(releaseColumns)) \(values)")
        let completing = try db.cachedStatement(
            sql: "INSERT INTO release (\(releaseColumns)) \(values) \(completion)")
        let entry = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO changelog_entry (ecosystem, name, version, author, author_raw, date, release_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        var entries = 0
        // Values are bound straight into the prepared statement (this loop is most of a first ingest's cost).
        let connection = db.sqliteConnection
        for prepared in records {
            let r = prepared.record
            let c = prepared.columns
            var digest = r.digest
            var completed = false
            if prepared.completing {
                completed = try bind(r, c, digest, into: completing.sqliteStatement, at: now, connection: connection)
                // The row holding this digest is another release, which listed this file's checksum as its own:
                // this one is recorded apart, under a key of its own — completing the row an earlier observation of
                // it recorded there, if any.
                if !completed {
                    digest = digest.claimed(by: r)
                    completed = try bind(
                        r, c, digest, into: completing.sqliteStatement, at: now, connection: connection)
                }
            }
            if !completed {
                guard try bind(r, c, digest, into: release.sqliteStatement, at: now, connection: connection) else {
                    continue
                }
            }
            // A completed row keeps its id (`last_insert_rowid` tells only of inserts).
            var id = sqlite3_last_insert_rowid(connection)
            if completed {
                let key = digest.withRowBytes { Data($0) }
                id = try Int64.fetchOne(db, sql: "SELECT id FROM release WHERE digest = ?", arguments: [key]) ?? 0
            }
            for (path, blob) in r.testData {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO release_file (release_id, path, category, blob) VALUES (?, ?, 'test-data', ?)
                        """,
                    arguments: [id, path, blob])
            }
            for macro in r.m4 {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO release_m4 (release_id, name, digest) VALUES (?, ?, ?)",
                    arguments: [id, macro.name, macro.digest])
            }
            for e in r.changelog {
                guard let author = e.author, let version = e.version else { continue }
                try entry.execute(
                    arguments: [
                        r.ecosystem, r.name, version, author.identity, author.raw, e.date?.timeIntervalSince1970, id,
                    ]
                )
                entries += db.changesCount
            }
        }
        for statement in [release, completing] {
            sqlite3_reset(statement.sqliteStatement)
            sqlite3_clear_bindings(statement.sqliteStatement)
        }
        return entries
    }

    /// Binds a release row's values into `statement` (an insert of `releaseColumns`) and runs it; whether a row was
    /// inserted or completed.
    private static func bind(
        _ r: ReleaseRecord, _ c: ReleaseRecord.Columns, _ digest: ReleaseDigest, into statement: OpaquePointer?,
        at now: Double,
        connection: OpaquePointer?
    ) throws -> Bool {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        var column: Int32 = 0
        func text(_ value: String?) {
            column += 1
            guard var value else { return }
            value.withUTF8 { bytes in
                _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text(
                        statement, column, chars.baseAddress ?? HistoryStore.emptyText, Int32(chars.count),
                        HistoryStore.transient)
                }
            }
        }
        func real(_ value: Date?) {
            column += 1
            if let value { sqlite3_bind_double(statement, column, value.timeIntervalSince1970) }
        }
        column += 1
        digest.withRowBytes { bytes in
            _ = sqlite3_bind_blob(statement, column, bytes.baseAddress, Int32(bytes.count), HistoryStore.transient)
        }
        text(r.ecosystem)
        text(r.name)
        text(r.version)
        text(r.kind)
        text(r.origin)
        text(r.artifact)
        column += 1
        sqlite3_bind_double(statement, column, now)
        real(r.releasedAt)
        text(c.maintainer)
        text(c.maintainerRaw)
        text(c.uploaders)
        text(c.packager)
        text(c.packagerRaw)
        text(c.changedBy)
        text(c.changedByRaw)
        for role in ReleaseRecord.roleNames {
            let signature = r.roles[role]
            text(signature?.status)
            text(signature?.fingerprint)
            real(signature?.keyCreated)
            real(signature?.signedAt)
        }
        text(c.buildDependencies)
        text(c.upstreamKeys)
        text(r.filesDigest)
        text(r.newestChange)
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
        return sqlite3_changes(connection) > 0
    }

    /// SQLite copies bound text (`SQLITE_TRANSIENT`, a macro Swift does not import).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// A pointer to an empty C string: an empty value is text, not NULL.
    nonisolated(unsafe) static let emptyText: UnsafePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()
}
