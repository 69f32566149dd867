/// One member of an archive, as its header describes it.
public struct ArchiveMember: Sendable, Hashable {
    /// What a member is.
    public enum Kind: String, Sendable {
        case file, directory, symlink, hardlink, other
    }

    /// The path as stored (with the archive's top-level directory, if any).
    public var path: String
    public var kind: Kind
    /// Size in bytes (for a regular file read in full: the bytes actually read).
    public var size: Int64
    /// Permission bits.
    public var mode: Int
    /// A symbolic link's target, or a hard link's target path.
    public var linkTarget: String?

    /// Creates a member description.
    public init(path: String, kind: Kind, size: Int64, mode: Int, linkTarget: String? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
        self.linkTarget = linkTarget
    }

    /// The path without `./` prefixes and empty components: what duplicates are compared by.
    public var normalizedPath: String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// Unsafe names: absolute paths, `..` components, links leaving the tree, a second member with the same path
    /// (over-long paths are passed over before: see `ArchiveReader`).
    static func problems(of member: ArchiveMember, limits: ArchiveLimits, seen: inout Set<String>) -> [ArchiveProblem] {
        var problems: [ArchiveProblem] = []
        let components = member.path.split(separator: "/", omittingEmptySubsequences: true)
        if member.path.hasPrefix("/") {
            problems.append(
                ArchiveProblem(kind: "absolute-path", path: member.path, detail: "the member names an absolute path"))
        }
        if components.contains("..") {
            problems.append(
                ArchiveProblem(kind: "dot-dot", path: member.path, detail: "the member's path climbs out with '..'"))
        }
        if let target = member.linkTarget {
            let escapes: Bool
            switch member.kind {
            case .symlink:
                escapes = ArchiveMember.leavesTree(target, from: components.dropLast().map(String.init))
            default:
                escapes = target.hasPrefix("/") || target.split(separator: "/").contains("..")
            }
            if escapes {
                problems.append(
                    ArchiveProblem(
                        kind: "link-escapes", path: member.path,
                        detail: "\(member.kind.rawValue) to '\(target)' leaves the tree"))
            }
        }
        if member.kind != .directory {
            let key = member.normalizedPath
            if !seen.insert(key).inserted {
                problems.append(
                    ArchiveProblem(kind: "duplicate", path: member.path, detail: "a second member with this path"))
            }
        }
        return problems
    }

    /// Whether a symbolic link's target, resolved from its directory, leaves the archive's tree.
    static func leavesTree(_ target: String, from directory: [String]) -> Bool {
        if target.hasPrefix("/") { return true }
        var depth = directory.filter { $0 != "." }.count
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                depth -= 1
                if depth < 0 { return true }
            default: depth += 1
            }
        }
        return false
    }
}

/// A regular member's content as it was read.
public struct ArchiveContent: Sendable {
    /// The git blob id of the member's bytes (`sha1("blob <size>\0" + bytes)`), comparable with a git tree.
    public var blobID: String
    /// The bytes kept (up to what the caller asked for), nil when none were asked for.
    public var bytes: [UInt8]?
    /// The member is longer than what was kept.
    public var truncated: Bool
}

/// A problem with an archive or one of its members: reported as a fact, never a crash.
public struct ArchiveProblem: Sendable, Hashable {
    /// `absolute-path`, `dot-dot`, `link-escapes`, `duplicate`, `path-too-long`, `member-too-large`,
    /// `too-many-members`, `total-too-large`, `unreadable`.
    public var kind: String
    public var path: String
    public var detail: String

    /// Creates a problem record.
    public init(kind: String, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }
}

/// How much of an archive is read.
public struct ArchiveLimits: Sendable {
    public var maxMembers = 100_000
    public var maxMemberBytes: Int64 = 1 << 30
    public var maxTotalBytes: Int64 = 4 << 30
    public var maxPathBytes = 4_096
    /// The most bytes read of a member whose header gives no size, or a size of 0 (a zip's central directory may say
    /// 0 for a member that inflates to a gigabyte): its bytes are held until its git blob id can be computed.
    public var maxUndeclaredBytes: Int64 = 16 << 20

    /// The default limits: 100,000 members, 1 GiB a member, 4 GiB in all, 4 KiB a path, 16 MiB of a member whose
    /// size is not declared.
    public init() {}
}

/// A file that is not an archive libarchive reads, or cannot be opened.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
