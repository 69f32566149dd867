import Foundation

extension SecureFiles {
    /// Why Tollgate running as root must not use the history database at `path`, or nil; only checked when the
    /// effective user is root.
    ///
    /// A report may run as another user and write the database (a timer's service user), so the database may belong
    /// to someone else than root. What is refused is a history someone could change who could not write it: one
    /// reached through a directory everyone may write (a sticky directory such as `/tmp` lets no one replace
    /// another's entry, so there the database must be root's or the directory owner's), a directory on the way that
    /// belongs to someone else than root, the database's owner or its directory's owner, a database everyone may
    /// write, and a journal (`-wal`, `-shm`, `-journal`) left by a user who could not write the database or its
    /// directory: SQLite replays a journal it finds. The checks follow symbolic links, as SQLite does.
    static func historyProblem(with path: String, effectiveUser: uid_t = geteuid()) -> String? {
        guard effectiveUser == 0 else { return nil }
        let reason = "as root, Tollgate only uses a history database that no one but its writers can change"
        let resolved = resolve(path)
        let parent = (resolved as NSString).deletingLastPathComponent
        var directory = stat()
        var database = stat()
        // A directory not made yet is made by this run, as root.
        let hasDirectory = stat(parent, &directory) == 0
        let exists = hasDirectory && stat(resolved, &database) == 0
        let everyone = hasDirectory && directory.st_mode & 0o002 != 0
        // The owners trusted with the history: root, the directory's owner, and the database's owner unless anyone
        // could have put the database there.
        var trusted: Set<uid_t> = [0]
        if hasDirectory { trusted.insert(directory.st_uid) }
        if exists, !everyone { trusted.insert(database.st_uid) }
        // Every directory from the root down to the database's.
        var walked = "/"
        for component in parent.split(separator: "/") {
            walked = (walked as NSString).appendingPathComponent(String(component))
            var info = stat()
            guard stat(walked, &info) == 0 else { break }
            let mode = info.st_mode & 0o7777
            if mode & 0o002 != 0, mode & 0o1000 == 0 {
                return "\(walked) is writable by everyone (mode \(String(mode, radix: 8))): " + reason
            }
            if !trusted.contains(info.st_uid) {
                return "\(walked) is owned by uid \(info.st_uid), who could replace the history: " + reason
            }
        }
        guard hasDirectory else { return nil }
        if exists {
            let mode = database.st_mode & 0o7777
            if database.st_mode & S_IFMT != S_IFREG { return "\(resolved) is not a regular file: " + reason }
            if mode & 0o002 != 0 {
                return "\(resolved) is writable by everyone (mode \(String(mode, radix: 8))): " + reason
            }
            if !trusted.contains(database.st_uid) {
                return "\(resolved) is owned by uid \(database.st_uid) in a directory everyone may write: " + reason
            }
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            let journal = resolved + suffix
            var info = stat()
            guard lstat(journal, &info) == 0 else { continue }
            let mode = info.st_mode & 0o7777
            if info.st_mode & S_IFMT != S_IFREG { return "\(journal) is not a regular file: " + reason }
            if mode & 0o002 != 0 {
                return "\(journal) is writable by everyone (mode \(String(mode, radix: 8))): " + reason
            }
            let owner = info.st_uid
            guard
                trusted.contains(owner) || (exists && !everyone && mayWrite(owner, database))
                    || (!everyone && mayWrite(owner, directory))
            else {
                return "\(journal) is owned by uid \(owner), who may not write the database or its directory: "
                    + reason
            }
        }
        return nil
    }

    /// `path` with every symbolic link resolved, as far as it exists (a database not made yet keeps its name).
    private static func resolve(_ path: String) -> String {
        let absolute =
            path.hasPrefix("/")
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        var head = absolute
        var tail: [String] = []
        while head != "/" {
            if let real = realpath(head, nil) {
                defer { free(real) }
                return ([String(cString: real)] + tail.reversed()).joined(separator: "/")
                    .replacingOccurrences(of: "//", with: "/")
            }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
        return absolute
    }

    /// Whether `user` may write what `info` describes: its owner, or a member of its group when the group may write.
    private static func mayWrite(_ user: uid_t, _ info: stat) -> Bool {
        if user == info.st_uid { return true }
        guard info.st_mode & 0o020 != 0 else { return false }
        return groups(of: user).contains(info.st_gid)
    }

    /// The groups `user` belongs to (none for a user without a name).
    private static func groups(of user: uid_t) -> [gid_t] {
        guard let entry = getpwuid(user) else { return [] }
        let primary = entry.pointee.pw_gid
        var count: Int32 = 64
        var list = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(entry.pointee.pw_name, primary, &list, &count) < 0 {
            list = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(entry.pointee.pw_name, primary, &list, &count) >= 0 else { return [primary] }
        }
        return Array(list.prefix(Int(count)))
    }
}
