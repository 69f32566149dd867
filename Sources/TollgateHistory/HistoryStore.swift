import Foundation
import GRDB
import GRDBSQLite
import TollgateCore

/// The history of every release Tollgate has observed: one SQLite file (WAL, versioned migrations, a busy timeout
/// so that a hook can read while an ingest writes).
public final class HistoryStore: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    let comparators: VersionComparators

    /// The default database: `$XDG_STATE_HOME/tollgate/history.sqlite`, else `~/.local/state/tollgate/history.sqlite`.
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        let state =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("tollgate/history.sqlite")
    }

    /// Opens the database at `path` for a command that only reads it: a path where there is none (a typo) is an
    /// error, not a new empty history that would say every package has no past.
    public static func existing(path: String, comparators: VersionComparators) throws(HistoryError) -> HistoryStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw HistoryError(
                path: path,
                reason: "no history database here (record one with `tollgate history ingest --db \(path) …` or "
                    + "`tollgate report`; without one, say --no-history)")
        }
        // A database this process may not write is opened read-only (a report's database, read by another user),
        // and only with its companion files there: SQLite would otherwise make them, where this process may write
        // the directory, and leave them — this user's files, which the database's owner could not write.
        let readOnly = !HistoryStore.unwritable(path).isEmpty
        if readOnly, let error = HistoryError(path: path, missingCompanions: HistoryStore.missingCompanions(path)) {
            throw error
        }
        return try HistoryStore(path: path, comparators: comparators, readOnly: readOnly)
    }

    /// The database's real path: SQLite follows a symbolic link to the database and keeps its companions beside
    /// the target.
    static func real(_ path: String) -> String {
        realpath(path, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? path
    }

    /// The companion files (`-wal`, `-shm`) missing beside the database at `path`.
    static func missingCompanions(_ path: String) -> [String] {
        let file = real(path)
        return [file + "-wal", file + "-shm"].filter { !FileManager.default.fileExists(atPath: $0) }
    }

    /// What of the database at `path` this process may not write: the file, its directory (SQLite follows a
    /// symbolic link to the database and keeps its companions beside the target), and companions already there.
    static func unwritable(_ path: String) -> [String] {
        let file = real(path)
        let directory = (file as NSString).deletingLastPathComponent
        let present = [file + "-wal", file + "-shm"].filter { FileManager.default.fileExists(atPath: $0) }
        return ([file, directory.isEmpty ? "." : directory] + present).filter {
            access($0, W_OK) != 0 && [EACCES, EPERM, EROFS].contains(errno)
        }
    }

    /// Opens (creating and migrating as needed) the database at `path`; `readOnly` opens an existing one without
    /// writing to it (SQLite may still make its companion files, where this process may write its directory; its
    /// writers leave them in place for readers that may not).
    public init(path: String, comparators: VersionComparators, readOnly: Bool = false) throws(HistoryError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !readOnly {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        // WAL with synchronous=NORMAL: a commit is durable against a killed process and the file stays consistent
        // through a power loss (which may undo the last commits — a re-ingest restores them). A new database gets
        // 16 KiB pages (an existing one keeps its own): a release row is ~0.5 KiB and a whole archive is recorded at
        // once, and fewer, larger pages write a first ingest of bookworm's Sources ~9 % faster than 4 KiB pages.
        // The WAL's companion files stay when the last connection closes: a reader that may not create them (a
        // user reading the database a report's own user writes) can only open a WAL database whose `-wal` and
        // `-shm` are there. The WAL left is emptied (`journal_size_limit`), not kept at its largest.
        // Only root and the database's owner leave them: files another writer (a member of the database's group)
        // left behind would be theirs, and a gate running as root refuses a journal its database's owner did not
        // leave (SQLite running as root gives the ones it makes the database's owner).
        if !readOnly {
            var info = stat()
            let persist = geteuid() == 0 || stat(path, &info) != 0 || info.st_uid == geteuid()
            configuration.prepareDatabase { db in
                try db.execute(
                    sql: "PRAGMA page_size = 16384; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 0")
                guard persist else { return }
                var flag: CInt = 1
                let code = sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &flag)
                guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            }
        }
        let superseded: Bool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // Migrating takes the write lock: only when there is something to migrate, so that gates can read the
            // history while a report writes it, and a database one may only read can be read.
            let complete: Bool
            (complete, superseded) = try pool.read { db in
                (try HistoryStore.migrator.hasCompletedMigrations(db), try HistoryStore.migrator.hasBeenSuperseded(db))
            }
            if !complete && !superseded {
                guard !readOnly else {
                    throw HistoryError(
                        path: path,
                        reason: "written by an earlier Tollgate and not yet brought up to date, which this user may "
                            + "not do (it may not write \(HistoryStore.unwritable(path).joined(separator: " or "))): "
                            + "open it once as a user who may")
                }
                try HistoryStore.migrator.migrate(pool)
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(path: path, error: error, readOnly: readOnly)
        }
        if superseded {
            throw HistoryError(
                path: path,
                reason: "written by a newer Tollgate (its schema has steps this one does not know): not read")
        }
        self.path = path
        self.comparators = comparators
    }

    /// The schema, in versioned steps.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-releases") { db in
            try db.execute(
                sql: """
                    CREATE TABLE release (
                        id INTEGER PRIMARY KEY,
                        digest BLOB NOT NULL UNIQUE,
                        ecosystem TEXT NOT NULL,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        origin TEXT NOT NULL,
                        artifact TEXT NOT NULL,
                        observed_at REAL NOT NULL,
                        released_at REAL,
                        maintainer TEXT, maintainer_raw TEXT,
                        uploaders TEXT NOT NULL DEFAULT '',
                        packager TEXT, packager_raw TEXT,
                        changed_by TEXT, changed_by_raw TEXT,
                        package_status TEXT, package_signer TEXT, package_key_created REAL, package_signed_at REAL,
                        upstream_status TEXT, upstream_signer TEXT, upstream_key_created REAL, upstream_signed_at REAL,
                        tag_status TEXT, tag_signer TEXT, tag_key_created REAL, tag_signed_at REAL,
                        build_dependencies TEXT NOT NULL DEFAULT '',
                        upstream_keys TEXT,
                        files_digest TEXT,
                        newest_change TEXT
                    );
                    CREATE INDEX release_by_package ON release(ecosystem, name);
                    CREATE TABLE changelog_entry (
                        ecosystem TEXT NOT NULL,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        author TEXT NOT NULL,
                        author_raw TEXT NOT NULL,
                        date REAL,
                        release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
                        PRIMARY KEY (ecosystem, name, version, author)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v2-runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        started_at REAL NOT NULL,
                        profile TEXT NOT NULL,
                        sources TEXT NOT NULL,
                        packages INTEGER NOT NULL
                    );
                    CREATE TABLE run_package (
                        run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        ecosystem TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        score INTEGER NOT NULL,
                        decision TEXT NOT NULL,
                        findings TEXT NOT NULL,
                        PRIMARY KEY (run_id, ecosystem, kind, name, version)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v3-tarball-contents") { db in
            try db.execute(
                sql: """
                    CREATE TABLE release_file (
                        release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
                        path TEXT NOT NULL,
                        category TEXT NOT NULL,
                        PRIMARY KEY (release_id, path)
                    ) WITHOUT ROWID;
                    CREATE TABLE release_m4 (
                        release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        PRIMARY KEY (release_id, name, digest)
                    ) WITHOUT ROWID;
                    CREATE INDEX release_m4_by_content ON release_m4(name, digest);
                    """
            )
        }
        registerReportMigration(&migrator)
        registerObservedFilesMigration(&migrator)
        registerEventMigration(&migrator)
        registerReportRunMigration(&migrator)
        registerRunProblemsMigration(&migrator)
        registerObservedFileKeyringMigration(&migrator)
        registerTestDataBlobMigration(&migrator)
        return migrator
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws(HistoryError) -> String {
        try reading { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Reads from the database; any failure is a `HistoryError` naming the file.
    func reading<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw HistoryError(path: path, error: error)
        }
    }

    /// Writes to the database in one transaction; any failure is a `HistoryError` naming the file.
    func writing<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw HistoryError(path: path, error: error)
        }
    }
}

/// A history database that cannot be used, and why.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The reason of an SQLite error as one line, without the statement that met it (a person acts on "database
    /// disk image is malformed", not on the query).
    init(path: String, error: any Error) {
        self.path = path
        if let error = error as? DatabaseError {
            reason = "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        } else {
            reason = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        }
    }

    /// A database this user may only read whose companion files are `missing`; nil when none is.
    init?(path: String, missingCompanions missing: [String]) {
        guard !missing.isEmpty else { return nil }
        self.init(
            path: path,
            reason: "cannot be read by this user (uid \(geteuid())), who may not write it: "
                + "\(missing.joined(separator: " and ")), which SQLite needs beside the database to read it then, "
                + "\(missing.count == 1 ? "is" : "are") missing; any Tollgate command run once by the database's "
                + "owner leaves them there")
    }

    /// An error met while opening the database; says what this user may not do when that is the cause.
    init(path: String, error: any Error, readOnly: Bool) {
        self.init(path: path, error: error)
        guard let error = error as? DatabaseError,
            error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY
        else { return }
        if readOnly {
            if let missing = HistoryError(path: path, missingCompanions: HistoryStore.missingCompanions(path)) {
                self = missing
            }
            return
        }
        let unwritable = HistoryStore.unwritable(path)
        if !unwritable.isEmpty {
            self.init(
                path: path,
                reason:
                    "this user (uid \(geteuid())) may not write \(unwritable.joined(separator: " or ")), which this "
                    + "command needs (\(reason))")
        }
    }
}
