import Foundation

/// The only kind of file Tollgate opens: a pipe would block until someone writes to it, and a device such as
/// /dev/zero never ends. Every path that comes from untrusted metadata or a directory listing is checked first.
public enum RegularFile {
    /// Whether `path` is a regular file, following symbolic links. One `stat` call: every reader asks before it
    /// opens, several times per package (resolving each path component and reading owner names, as
    /// `resolvingSymlinksInPath` and `attributesOfItem` do, cost tens of calls per package).
    public static func exists(atPath path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// Why a file that could not be read was not: not a regular file, or what the system says (permission denied,
    /// an I/O error), in words for a problem line.
    public static func whyUnreadable(_ path: String) -> String {
        if let refusal = refusal(path) { return refusal }
        guard access(path, R_OK) == 0 else { return String(cString: strerror(errno)).lowercased() }
        return "cannot be read"
    }

    /// Why `path` is not opened, in words for a problem line; nil for a regular file.
    public static func refusal(_ path: String) -> String? {
        if exists(atPath: path) { return nil }
        guard FileManager.default.fileExists(atPath: path) else { return "no such file" }
        return "not a regular file (a pipe, device or socket is never read)"
    }
}
