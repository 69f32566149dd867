import Foundation
import GRDB

extension HistoryStore {
    /// What tells a file's content apart without reading it: device, inode, size and modification time to the
    /// nanosecond — as apt decides whether its package cache still matches its lists. A file rewritten (a new
    /// inode), appended to or touched gets another stamp.
    public struct FileStamp: Sendable, Hashable {
        public var device: Int64
        public var inode: Int64
        public var size: Int64
        /// Modification time, nanoseconds since the epoch.
        public var modified: Int64

        /// The stamp of a regular file; nil when there is none at `path`.
        public init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            device = Int64(bitPattern: UInt64(info.st_dev))
            inode = Int64(bitPattern: UInt64(info.st_ino))
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        }

        init(device: Int64, inode: Int64, size: Int64, modified: Int64) {
            self.device = device
            self.inode = inode
            self.size = size
            self.modified = modified
        }
    }

    static func registerObservedFilesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-observed-files") { db in
            try db.execute(
                sql: """
                    CREATE TABLE observed_file (
                        path TEXT PRIMARY KEY,
                        device INTEGER NOT NULL,
                        inode INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        modified_ns INTEGER NOT NULL,
                        recorded_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """
            )
        }
    }

    static func registerObservedFileKeyringMigration(_ migrator: inout DatabaseMigrator) {
        // The keys its releases were verified against: a file read with other keys is read again, so that a release
        // recorded `unverified` (no keyring given) is completed once one is (see `ReleaseStrength`).
        migrator.registerMigration("v9-observed-file-keyring") { db in
            try db.execute(sql: "ALTER TABLE observed_file ADD COLUMN keyring TEXT NOT NULL DEFAULT ''")
        }
    }

    /// The input files whose every release is recorded, verified against the keys `keyring` identifies (empty:
    /// none), with their stamps when they were read.
    public func recordedFiles(keyring: String) throws(HistoryError) -> [String: FileStamp] {
        return try reading { db in
            var files: [String: FileStamp] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT path, device, inode, size, modified_ns FROM observed_file WHERE keyring = ?",
                arguments: [keyring])
            for row in rows {
                files[row[0]] = FileStamp(device: row[1], inode: row[2], size: row[3], modified: row[4])
            }
            return files
        }
    }

    /// Records input files whose every release is now recorded, verified against the keys `keyring` identifies,
    /// with the stamps they had before they were read.
    public func recordFiles(_ files: [String: FileStamp], keyring: String) throws(HistoryError) {
        guard !files.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try writing { db in
            for (file, stamp) in files {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO observed_file (
                            path, device, inode, size, modified_ns, recorded_at, keyring)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [file, stamp.device, stamp.inode, stamp.size, stamp.modified, now, keyring])
            }
        }
    }
}
