import Foundation

extension SecureFiles {
    /// Why a gate running as root must not use the history database at `path`, or nil; only checked when the
    /// effective user is root.
    ///
    /// A report may run as another user and write the database (a timer's service user), so its owner is not
    /// checked. But a database, or a directory holding it, that everyone may write is anyone's history; and a
    /// journal (`-wal`, `-shm`, `-journal`) owned by someone other than the database's owner was put there by
    /// someone else: SQLite, run as root, gives its journals the database's owner, and replays a journal it finds.
    static func historyProblem(with path: String, effectiveUser: uid_t = geteuid()) -> String? {
        guard effectiveUser == 0 else { return nil }
        let reason = "as root, a gate only uses a history database that not everyone can change"
        let parent = (path as NSString).deletingLastPathComponent
        var info = stat()
        if stat(parent.isEmpty ? "." : parent, &info) == 0 {
            let mode = info.st_mode & 0o7777
            // A world-writable directory with the sticky bit (like /tmp) lets no one replace another's files; the
            // journals' owners are checked below.
            if mode & 0o002 != 0, mode & 0o1000 == 0 {
                return "\(parent.isEmpty ? "." : parent) is writable by everyone (mode \(String(mode, radix: 8))): "
                    + reason
            }
        }
        var owner: uid_t = 0
        if stat(path, &info) == 0 {
            owner = info.st_uid
            let mode = info.st_mode & 0o7777
            if mode & 0o002 != 0 {
                return "\(path) is writable by everyone (mode \(String(mode, radix: 8))): " + reason
            }
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            let journal = path + suffix
            guard lstat(journal, &info) == 0 else { continue }
            let mode = info.st_mode & 0o7777
            if info.st_mode & S_IFMT != S_IFREG {
                return "\(journal) is not a regular file: " + reason
            }
            if info.st_uid != owner {
                return "\(journal) is owned by uid \(info.st_uid), not by the database's owner (uid \(owner)): "
                    + reason
            }
            if mode & 0o002 != 0 {
                return "\(journal) is writable by everyone (mode \(String(mode, radix: 8))): " + reason
            }
        }
        return nil
    }
}
