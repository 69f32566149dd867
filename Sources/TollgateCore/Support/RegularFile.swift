import Foundation

/// The only kind of file Tollgate opens: a pipe would block until someone writes to it, and a device such as
/// /dev/zero never ends. Every path that comes from untrusted metadata or a directory listing is checked first.
public enum RegularFile {
    /// Whether `path` is a regular file, following symbolic links.
    public static func exists(atPath path: String) -> Bool {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else { return false }
        return attributes[.type] as? FileAttributeType == .typeRegular
    }

    /// Why `path` is not opened, in words for a problem line; nil for a regular file.
    public static func refusal(_ path: String) -> String? {
        if exists(atPath: path) { return nil }
        guard FileManager.default.fileExists(atPath: path) else { return "no such file" }
        return "not a regular file (a pipe, device or socket is never read)"
    }
}
