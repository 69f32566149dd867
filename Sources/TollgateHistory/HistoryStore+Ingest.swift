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

    /// Records releases as they come, each once, in transactions of a batch of releases with their changelog
    /// entries: an ingest killed at any point leaves whole releases only.
    ///
    /// Three stages overlap: the caller's thread reads and checks digests; a full batch is turned into records on
    /// every core; a writer queue writes the previous batch meanwhile. At most two batches wait.
    public final class Ingester: @unchecked Sendable {
        let store: HistoryStore
        /// The digests recorded or queued; nil until the first release is added.
        var known: Set<ReleaseDigest>?
        let batchSize: Int
        var batch: [(digest: ReleaseDigest, facts: PackageFacts)] = []
        private var added = 0
        private var knownCount = 0
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

        /// What has been done so far (releases queued count as added).
        public var summary: IngestSummary {
            var s = IngestSummary()
            s.added = added
            s.known = knownCount
            s.changelogEntries = written.withLock { $0.entries }
            return s
        }

        /// Queues a release unless its digest is already recorded or queued; `prepare` (signature verification, say)
        /// runs only on a release that is new.
        public func add(_ facts: PackageFacts, prepare: (inout PackageFacts) -> Void = { _ in }) throws(HistoryError) {
            if let error = written.withLock({ $0.error }) { throw error }
            let digest = ReleaseRecord.digest(of: facts)
            if known == nil { known = try store.recordedDigests() }
            guard known!.insert(digest).inserted else {
                knownCount += 1
                return
            }
            var facts = facts
            prepare(&facts)
            batch.append((digest, facts))
            added += 1
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
                        let entries = try store.writing { db in try HistoryStore.insert(batch.records, db: db) }
                        written.withLock { $0.entries += entries }
                    } catch {
                        written.withLock { $0.error = error }
                    }
                }
            }
        }

        /// Records of a batch, built on every core.
        static func records(
            _ batch: [(digest: ReleaseDigest, facts: PackageFacts)]
        ) -> [ReleaseRecord.Prepared] {
            let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batch.count / 64))
            let parts = Mutex<[[ReleaseRecord.Prepared]]>(Array(repeating: [], count: chunks))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (batch.count * chunk / chunks)..<(batch.count * (chunk + 1) / chunks)
                let built = batch[range].map {
                    ReleaseRecord.Prepared(ReleaseRecord(facts: $0.facts, digest: $0.digest))
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
        try insert(records.map(ReleaseRecord.Prepared.init), db: db)
    }

    static func insert(_ records: [ReleaseRecord.Prepared], db: Database) throws -> Int {
        let now = Date().timeIntervalSince1970
        let release = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO release (
                    digest, ecosystem, name, version, kind, origin, artifact, observed_at, released_at,
                    maintainer, maintainer_raw, uploaders, packager, packager_raw, changed_by, changed_by_raw,
                    package_status, package_signer, package_key_created, package_signed_at,
                    upstream_status, upstream_signer, upstream_key_created, upstream_signed_at,
                    tag_status, tag_signer, tag_key_created, tag_signed_at,
                    build_dependencies, upstream_keys, files_digest, newest_change)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        let entry = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO changelog_entry (ecosystem, name, version, author, author_raw, date, release_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        var entries = 0
        // Values are bound straight into the prepared statement (this loop is most of a first ingest's cost).
        let statement = release.sqliteStatement
        let connection = db.sqliteConnection
        for prepared in records {
            let r = prepared.record
            let c = prepared.columns
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
            r.digest.withRowBytes { bytes in
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
            guard sqlite3_changes(connection) > 0 else { continue }
            let id = sqlite3_last_insert_rowid(connection)
            for path in r.testDataPaths {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO release_file (release_id, path, category) VALUES (?, ?, 'test-data')",
                    arguments: [id, path])
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
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        return entries
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
