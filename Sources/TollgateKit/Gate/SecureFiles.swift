import Foundation

/// As sudo does for its own files: when Tollgate runs as root, it refuses configuration, policies and waivers that
/// anyone but root could have changed.
enum SecureFiles {
    /// Why `path` (a file, or a directory and everything in it) must not be trusted, or nil; only checked when the
    /// effective user is root.
    static func problem(with path: String, effectiveUser: uid_t = geteuid()) -> String? {
        guard effectiveUser == 0 else { return nil }
        var checked: [String] = [path]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            // Everything the loader may read, through symbolic links too (to the directory itself, or to a
            // directory inside it): what a link points at is what gets loaded.
            var pending = [path]
            var seen: Set<String> = []
            while let directory = pending.popLast() {
                let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
                guard seen.insert(real).inserted else { continue }
                for name in ((try? FileManager.default.contentsOfDirectory(atPath: real)) ?? []).sorted() {
                    let item = (real as NSString).appendingPathComponent(name)
                    checked.append(item)
                    var isSubdirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: item, isDirectory: &isSubdirectory),
                        isSubdirectory.boolValue
                    {
                        pending.append(item)
                    }
                }
            }
        } else {
            checked.append(
                (path as NSString).deletingLastPathComponent.isEmpty
                    ? "." : (path as NSString).deletingLastPathComponent)
        }
        for file in checked {
            var info = stat()
            guard stat(file, &info) == 0 else { continue }
            let mode = info.st_mode & 0o7777
            let isDir = info.st_mode & S_IFMT == S_IFDIR
            // A world-writable directory with the sticky bit (like /tmp) lets no one replace another's files.
            let sticky = isDir && mode & 0o1000 != 0
            if info.st_uid != 0 {
                return "\(file) is owned by uid \(info.st_uid), not root: as root, Tollgate only loads configuration, "
                    + "policies, waivers, keyrings and m4 databases that only root can change"
            }
            if mode & 0o022 != 0 && !sticky {
                return
                    "\(file) is writable by \(mode & 0o002 != 0 ? "everyone" : "its group") (mode \(String(mode, radix: 8))): "
                    + "as root, Tollgate only loads configuration, policies, waivers, keyrings and m4 databases that "
                    + "only root can change"
            }
        }
        return nil
    }
}
