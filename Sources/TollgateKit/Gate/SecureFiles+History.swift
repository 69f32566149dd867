import Foundation

extension SecureFiles {
    /// One entry met while a path is resolved: what it is, and the directory it is in.
    struct Step {
        var path: String
        var info: stat
        var parent: stat
        var parentPath: String
    }

    /// `path` resolved as SQLite resolves a database's name — `.` and `..` by text, symbolic links followed, where
    /// they exist — and every entry met on the way (directories, links, the database); nil when links loop.
    static func walk(_ path: String) -> (resolved: String, steps: [Step])? {
        let absolute =
            path.hasPrefix("/")
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        var pending = absolute.split(separator: "/").map(String.init)
        var current: [String] = []
        var steps: [Step] = []
        var links = 0
        func joined(_ parts: [String]) -> String { "/" + parts.joined(separator: "/") }
        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name.isEmpty || name == "." { continue }
            if name == ".." {
                _ = current.popLast()
                continue
            }
            let parentPath = joined(current)
            let next = joined(current + [name])
            var info = stat()
            var parent = stat()
            guard lstat(next, &info) == 0, lstat(parentPath, &parent) == 0 else {
                current.append(name)  // made by this run, or never there
                continue
            }
            steps.append(Step(path: next, info: info, parent: parent, parentPath: parentPath))
            if info.st_mode & S_IFMT == S_IFLNK {
                links += 1
                guard links <= 40, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: next)
                else { return nil }
                if target.hasPrefix("/") { current = [] }
                pending = target.split(separator: "/").map(String.init) + pending
                continue
            }
            current.append(name)
        }
        return (joined(current), steps)
    }

    /// Why Tollgate running as root must not use the history database at `path`, or nil; only checked when the
    /// effective user is root. `resolved` is where SQLite will open it (no link left in it).
    ///
    /// A report may run as another user and write the database (a timer's service user), so the database may belong
    /// to someone else than root. What is refused is a history someone could change who could not write it: an
    /// entry met on the way (a directory, a link, the database) in a directory everyone may write — without the
    /// sticky bit, or, with it (as `/tmp`), owned by someone else than root or that directory's owner; a directory
    /// on the way that belongs to someone else than root, the database's owner or its directory's owner; a database
    /// everyone may write; and a journal (`-wal`, `-shm`, `-journal`) left by a user who may not write the database
    /// or its directory: SQLite replays a journal it finds.
    static func historyProblem(
        with path: String, effectiveUser: uid_t = geteuid()
    ) -> (
        resolved: String, problem: String?
    ) {
        guard effectiveUser == 0 else { return (path, nil) }
        let reason = "as root, Tollgate only uses a history database that no one but its writers can change"
        guard let (resolved, steps) = walk(path) else {
            return (path, "\(path) goes through too many symbolic links: " + reason)
        }
        func writableByEveryone(_ info: stat) -> Bool { info.st_mode & 0o002 != 0 }
        func sticky(_ info: stat) -> Bool { info.st_mode & 0o1000 != 0 }
        func mode(_ info: stat) -> String { String(info.st_mode & 0o7777, radix: 8) }
        // Entries in a directory everyone may write.
        for step in steps where writableByEveryone(step.parent) {
            guard sticky(step.parent) else {
                return (resolved, "\(step.parentPath) is writable by everyone (mode \(mode(step.parent))): " + reason)
            }
            if step.info.st_uid != 0, step.info.st_uid != step.parent.st_uid {
                return (
                    resolved,
                    "\(step.path) is owned by uid \(step.info.st_uid) in a directory everyone may write: " + reason
                )
            }
        }
        let parentPath = (resolved as NSString).deletingLastPathComponent
        var directory = stat()
        var database = stat()
        // A directory not made yet is made by this run, as root.
        let hasDirectory = stat(parentPath, &directory) == 0
        let exists = hasDirectory && lstat(resolved, &database) == 0
        let everyone = hasDirectory && writableByEveryone(directory)
        // The owners trusted with the history: root, the database's directory's owner, and the database's owner
        // unless anyone could have put the database there.
        var trusted: Set<uid_t> = [0]
        if hasDirectory { trusted.insert(directory.st_uid) }
        if exists, !everyone { trusted.insert(database.st_uid) }
        for step in steps where step.info.st_mode & S_IFMT == S_IFDIR {
            if writableByEveryone(step.info), !sticky(step.info) {
                return (resolved, "\(step.path) is writable by everyone (mode \(mode(step.info))): " + reason)
            }
            if !trusted.contains(step.info.st_uid) {
                return (
                    resolved,
                    "\(step.path) is owned by uid \(step.info.st_uid), who could replace the history: " + reason
                )
            }
        }
        guard hasDirectory else { return (resolved, nil) }
        if exists {
            if database.st_mode & S_IFMT != S_IFREG {
                return (resolved, "\(resolved) is not a regular file: " + reason)
            }
            if writableByEveryone(database) {
                return (resolved, "\(resolved) is writable by everyone (mode \(mode(database))): " + reason)
            }
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            let journal = resolved + suffix
            var info = stat()
            guard lstat(journal, &info) == 0 else { continue }
            if info.st_mode & S_IFMT != S_IFREG { return (resolved, "\(journal) is not a regular file: " + reason) }
            if writableByEveryone(info) {
                return (resolved, "\(journal) is writable by everyone (mode \(mode(info))): " + reason)
            }
            let owner = info.st_uid
            guard
                trusted.contains(owner) || (exists && !everyone && mayWrite(owner, database))
                    || (!everyone && mayWrite(owner, directory))
            else {
                return (
                    resolved,
                    "\(journal) is owned by uid \(owner), who may not write the database or its directory: " + reason
                )
            }
        }
        return (resolved, nil)
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
