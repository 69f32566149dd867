import Foundation
import GRDB
import TollgateCore

extension HistoryStore {
    /// One package of a run's inventory: what was judged and how.
    public struct InventoryEntry: Sendable, Hashable {
        public var ecosystem: String
        public var kind: String
        public var name: String
        public var version: String
        /// The kind of artefact it was read from (`packages-index`, `dsc`, `rpm`, …).
        public var format: String
        public var score: Int
        public var decision: String

        /// Creates an entry.
        public init(
            ecosystem: String, kind: String, name: String, version: String, format: String, score: Int, decision: String
        ) {
            self.ecosystem = ecosystem
            self.kind = kind
            self.name = name
            self.version = version
            self.format = format
            self.score = score
            self.decision = decision
        }

        /// What identifies a package across runs (its version may change).
        public var key: Key { Key(ecosystem: ecosystem, kind: kind, format: format, name: name) }

        /// Ecosystem, kind, artefact format and name: a package across runs.
        public struct Key: Hashable, Sendable {
            public var ecosystem: String
            public var kind: String
            public var format: String
            public var name: String
        }
    }

    /// A signer or maintainer change a run saw.
    public struct RunEvent: Sendable, Hashable {
        public var runID: Int64
        public var time: Date
        public var ecosystem: String
        public var name: String
        public var version: String
        /// `maintainer-changed`, `new-person`, `new-package-signer`, `new-upstream-signer`, `new-tag-signer`.
        public var kind: String
        public var detail: String

        /// Creates an event.
        public init(
            runID: Int64 = 0, time: Date, ecosystem: String, name: String, version: String, kind: String, detail: String
        ) {
            self.runID = runID
            self.time = time
            self.ecosystem = ecosystem
            self.name = name
            self.version = version
            self.kind = kind
            self.detail = detail
        }
    }

    /// A past run, summarised for trends.
    public struct RunSummary: Sendable, Hashable {
        public var id: Int64
        public var time: Date
        public var profile: String
        public var packages: Int
        public var allow: Int
        public var warn: Int
        public var deny: Int
        public var meanScore: Double
    }

    /// A package of a run with findings, as its run_package row keeps it.
    public struct FlaggedResult: Sendable {
        public var ecosystem: String
        public var kind: String
        public var name: String
        public var version: String
        public var score: Int
        public var decision: String
        public var rules: [String]

        /// Creates a result.
        public init(
            ecosystem: String, kind: String, name: String, version: String, score: Int, decision: String,
            rules: [String]
        ) {
            self.ecosystem = ecosystem
            self.kind = kind
            self.name = name
            self.version = version
            self.score = score
            self.decision = decision
            self.rules = rules
        }
    }

    static func registerReportMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-reports") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN inventory BLOB;
                    ALTER TABLE run ADD COLUMN allow_count INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE run ADD COLUMN warn_count INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE run ADD COLUMN deny_count INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE run ADD COLUMN mean_score REAL NOT NULL DEFAULT 0;
                    CREATE TABLE run_event (
                        run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        ecosystem TEXT NOT NULL,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    CREATE INDEX run_event_by_run ON run_event(run_id);
                    """
            )
        }
    }

    /// A change is recorded once, by the run that first saw it (later runs reading the same package versions see
    /// it again): the rows earlier versions recorded again are dropped, keeping each change's first.
    static func registerEventMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-run-event-changes") { db in
            try db.execute(
                sql: """
                    DELETE FROM run_event WHERE rowid NOT IN (
                        SELECT MIN(rowid) FROM run_event GROUP BY ecosystem, name, version, kind, detail);
                    CREATE INDEX run_event_by_change ON run_event(ecosystem, name, version, kind, detail);
                    """
            )
        }
    }

    /// Report runs are told from the runs a gate records by a column of their own (before this migration, by the
    /// inventory only a report stores), so that a run whose inventory was dropped still counts in the trend.
    static func registerReportRunMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-report-runs") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN report INTEGER NOT NULL DEFAULT 0;
                    UPDATE run SET report = 1 WHERE inventory IS NOT NULL;
                    """
            )
        }
    }

    /// A report run records the inputs it could not read, so that a run that missed some is not what the next run
    /// compares with (see `previousRun`).
    static func registerRunProblemsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-run-problems") { db in
            try db.execute(sql: "ALTER TABLE run ADD COLUMN problems TEXT NOT NULL DEFAULT ''")
        }
    }

    /// How many of the latest report runs keep their inventory unless told otherwise.
    public static let defaultKeptInventories = 10

    /// Records a report's run in one transaction: the run with its whole inventory (one compact blob, so that a
    /// 100,000-package archive costs one row), a row for every package with findings (what build-dependency risk
    /// and later runs query), and the signer and maintainer changes it saw first. Returns the run's id.
    ///
    /// `problems` are the inputs the run could not read. Of the report runs over the same `sources`, only the latest
    /// `keepingInventories` (at least this one) keep their inventory — a whole archive's is megabytes, and a report
    /// reads only the one it compares with — and the latest that read all its inputs, which any later run may
    /// compare with; older runs keep their totals (the trend), their flagged packages and the changes they saw.
    @discardableResult
    public func recordReport(
        profile: String, sources: [String], inventory: [InventoryEntry], flagged: [FlaggedResult], events: [RunEvent],
        problems: [String] = [], at time: Date = Date(),
        keepingInventories: Int = HistoryStore.defaultKeptInventories
    ) throws(HistoryError) -> Int64 {
        var blob: [UInt8] = []
        blob.reserveCapacity(inventory.count * 48)
        for e in inventory {
            for field in [e.ecosystem, e.kind, e.name, e.version, e.format, String(e.score)] {
                HistoryStore.appendInventoryField(field, to: &blob)
                blob.append(UInt8(ascii: "\t"))
            }
            HistoryStore.appendInventoryField(e.decision, to: &blob)
            blob.append(UInt8(ascii: "\n"))
        }
        var counts: [String: Int] = [:]
        for entry in inventory { counts[entry.decision, default: 0] += 1 }
        let mean = inventory.isEmpty ? 0 : Double(inventory.reduce(0) { $0 + $1.score }) / Double(inventory.count)
        let joinedSources = sources.joined(separator: "\n")
        return try writing { db in
            try db.execute(
                sql: """
                    INSERT INTO run (started_at, profile, sources, packages, inventory, allow_count, warn_count, deny_count, mean_score, report, problems)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                    """,
                arguments: [
                    time.timeIntervalSince1970, profile, joinedSources, inventory.count,
                    Data(blob),
                    counts["allow"] ?? 0, counts["warn"] ?? 0, counts["deny"] ?? 0, mean,
                    Set(problems).sorted().joined(separator: "\n"),
                ])
            let id = db.lastInsertedRowID
            try HistoryStore.insertRunPackages(flagged, run: id, db: db)
            // A change an earlier run recorded is not recorded again.
            let event = try db.makeStatement(
                sql: """
                    INSERT INTO run_event (run_id, ecosystem, name, version, kind, detail)
                    SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (
                        SELECT 1 FROM run_event
                        WHERE ecosystem = ?2 AND name = ?3 AND version = ?4 AND kind = ?5 AND detail = ?6)
                    """
            )
            for e in events {
                try event.execute(arguments: [id, e.ecosystem, e.name, e.version, e.kind, e.detail])
            }
            let sameSources = "report = 1 AND sources = ?1"
            let latestComplete = try Int64.fetchOne(
                db,
                sql: "SELECT max(id) FROM run WHERE \(sameSources) AND problems = '' AND inventory IS NOT NULL",
                arguments: [joinedSources])
            try db.execute(
                sql: """
                    UPDATE run SET inventory = NULL
                    WHERE \(sameSources) AND inventory IS NOT NULL AND id IS NOT ?3 AND id NOT IN (
                        SELECT id FROM run WHERE \(sameSources) ORDER BY id DESC LIMIT ?2)
                    """,
                arguments: [joinedSources, max(1, keepingInventories), latestComplete])
            return id
        }
    }

    /// Removes a recorded run (its packages and changes with it): a report whose files could not be written is no
    /// run to compare the next one with.
    public func forgetRun(_ id: Int64) throws(HistoryError) {
        try writing { db in try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id]) }
    }

    /// Writes a run's run_package rows: each package's score, decision and the rules that fired.
    static func insertRunPackages(_ results: [FlaggedResult], run id: Int64, db: Database) throws {
        let statement = try db.makeStatement(
            sql: """
                INSERT OR REPLACE INTO run_package (run_id, ecosystem, kind, name, version, score, decision, findings)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for r in results {
            try statement.execute(arguments: [
                id, r.ecosystem, r.kind, r.name, r.version, r.score, r.decision, r.rules.joined(separator: "\n"),
            ])
        }
    }

    /// The run a report over `sources` compares with, with its id, time and inventory: the latest report run
    /// recorded before `id` (the latest of all when nil) that read every input this one read — its unreadable inputs
    /// are among `problems` — over the same sources if there is one (two jobs may share a history), else over any
    /// (a job whose inputs changed). A run that missed an input (a mirror path gone for a night) would show its
    /// packages as removed, and the next run as new, hiding what changed between.
    public func previousRun(
        sources: [String]? = nil, problems: Set<String> = [], before id: Int64? = nil
    ) throws(HistoryError) -> (id: Int64, time: Date, inventory: [InventoryEntry])? {
        if let sources, let same = try previousRun(matching: sources, problems: problems, before: id) { return same }
        return try previousRun(matching: nil, problems: problems, before: id)
    }

    private func previousRun(
        matching sources: [String]?, problems: Set<String>, before id: Int64?
    ) throws(HistoryError) -> (id: Int64, time: Date, inventory: [InventoryEntry])? {
        return try reading { db in
            let candidates = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, started_at, problems FROM run
                    WHERE report = 1 AND inventory IS NOT NULL AND id < ?1 AND (?2 IS NULL OR sources = ?2)
                    ORDER BY id DESC
                    """,
                arguments: [id ?? Int64.max, sources?.joined(separator: "\n")])
            while let row = try candidates.next() {
                let missed = (row["problems"] as String).split(separator: "\n").map(String.init)
                guard missed.allSatisfy(problems.contains) else { continue }
                let runID: Int64 = row["id"]
                let data = try Data.fetchOne(db, sql: "SELECT inventory FROM run WHERE id = ?", arguments: [runID])
                let entries = (data ?? Data()).withUnsafeBytes {
                    HistoryStore.inventory(parsing: $0.bindMemory(to: UInt8.self))
                }
                return (runID, Date(timeIntervalSince1970: row["started_at"]), entries)
            }
            return nil
        }
    }

    /// Appends an inventory field: a tab, a newline or a backslash in it (package metadata is anybody's text) is
    /// written `\t`, `\n` or `\\`, so that fields and lines stay apart.
    static func appendInventoryField(_ field: String, to blob: inout [UInt8]) {
        // Almost every field has none of the three: copied whole.
        let plain = field.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes
            where byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\\") {
                return false
            }
            blob.append(contentsOf: bytes)
            return true
        }
        guard plain != true else { return }
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\t"): blob += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): blob += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\\"): blob += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            default: blob.append(byte)
            }
        }
    }

    /// A field as `appendInventoryField` wrote it (a backslash before anything else is kept as it is).
    static func inventoryField(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                switch bytes[i + 1] {
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                default: out += [bytes[i], bytes[i + 1]]
                }
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Entries of a stored inventory: one line per package, seven tab-separated fields (a line that is not is
    /// skipped; see `appendInventoryField`). Scanned as bytes: a run of a whole archive holds a hundred thousand
    /// lines.
    static func inventory(parsing bytes: UnsafeBufferPointer<UInt8>) -> [InventoryEntry] {
        var entries: [InventoryEntry] = []
        var fields: [Range<Int>] = []
        fields.reserveCapacity(8)
        // Whether the line holds a backslash (an escape): only then are its fields unescaped.
        var escaped = false
        func text(_ range: Range<Int>) -> String {
            let field = UnsafeBufferPointer(rebasing: bytes[range])
            return escaped ? inventoryField(field) : String(decoding: field, as: UTF8.self)
        }
        func endLine() {
            defer {
                fields.removeAll(keepingCapacity: true)
                escaped = false
            }
            guard fields.count == 7, let score = Int(text(fields[5])) else { return }
            entries.append(
                InventoryEntry(
                    ecosystem: text(fields[0]), kind: text(fields[1]), name: text(fields[2]),
                    version: text(fields[3]), format: text(fields[4]), score: score, decision: text(fields[6])))
        }
        var fieldStart = 0
        for i in 0..<bytes.count
        where bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\\") {
            if bytes[i] == UInt8(ascii: "\\") {
                escaped = true
                continue
            }
            fields.append(fieldStart..<i)
            fieldStart = i + 1
            if bytes[i] == UInt8(ascii: "\n") { endLine() }
        }
        if fieldStart < bytes.count {
            fields.append(fieldStart..<bytes.count)
            endLine()
        }
        return entries
    }

    /// The latest report runs, oldest first.
    public func runSummaries(limit: Int = 52) throws(HistoryError) -> [RunSummary] {
        return try reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, started_at, profile, packages, allow_count, warn_count, deny_count, mean_score FROM run
                    WHERE report = 1 ORDER BY id DESC LIMIT ?
                    """,
                arguments: [limit]
            ).reversed().map { row in
                RunSummary(
                    id: row["id"], time: Date(timeIntervalSince1970: row["started_at"]), profile: row["profile"],
                    packages: row["packages"], allow: row["allow_count"], warn: row["warn_count"],
                    deny: row["deny_count"],
                    meanScore: row["mean_score"])
            }
        }
    }

    /// Signer and maintainer changes first seen since `date`, newest first: each once, with the run that first saw
    /// it (every later run that reads the same package versions sees the change again; one seen before `date` is
    /// not new in the period).
    public func events(since date: Date) throws(HistoryError) -> [RunEvent] {
        return try reading { db in
            // The run id comes from the row holding the earliest time (SQLite takes a bare column beside one min()
            // from that row); runs before this version recorded a change once per run that saw it.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT MIN(r.started_at) AS started_at, e.run_id, e.ecosystem, e.name, e.version, e.kind, e.detail
                    FROM run_event e JOIN run r ON r.id = e.run_id
                    GROUP BY e.ecosystem, e.name, e.version, e.kind, e.detail
                    HAVING MIN(r.started_at) >= ? ORDER BY MIN(r.started_at) DESC, e.name, e.version, e.kind
                    """,
                arguments: [date.timeIntervalSince1970]
            ).map { row in
                RunEvent(
                    runID: row["run_id"], time: Date(timeIntervalSince1970: row["started_at"]),
                    ecosystem: row["ecosystem"],
                    name: row["name"], version: row["version"], kind: row["kind"], detail: row["detail"])
            }
        }
    }
}
