import Foundation

/// One member of a binary package's payload.
public struct FileEntry: Sendable, Hashable {
    /// The kind of file-system object.
    public enum Kind: String, Sendable {
        case file, directory, symlink, hardlink, character, block, fifo, socket, unknown
    }

    /// Absolute path as installed (leading `./` removed, `/` added).
    public var path: String
    /// The kind of object.
    public var kind: Kind
    /// Permission and special bits (`0o4755`), without the file-type bits.
    public var mode: Int64
    /// Size in bytes (0 for non-regular files).
    public var size: Int64
    /// Owner, by name when the format records one, else the numeric id as text.
    public var user: String
    /// Group, by name when the format records one, else the numeric id as text.
    public var group: String
    /// Target of a symbolic or hard link.
    public var linkTarget: String?
    /// Content digest as the format records it (`md5sums` for .deb, the header digest for RPM).
    public var digest: String?
    /// Algorithm of `digest`: `md5`, `sha1`, `sha256`, `sha512`, …
    public var digestAlgorithm: String?
    /// RPM file flags (`config`, `doc`, `ghost`, `license`, `missingok`, `noreplace`, `readme`, `artifact`) or,
    /// for Debian, `config` for conffiles.
    public var flags: [String]
    /// Modification time, seconds since the epoch.
    public var mtime: Int64?
    /// POSIX file capabilities the package sets on the file, in `setcap`'s text form (`cap_net_raw=ep`).
    public var capabilities: String?

    /// Creates a file entry.
    public init(
        path: String, kind: Kind, mode: Int64, size: Int64, user: String, group: String, linkTarget: String? = nil,
        digest: String? = nil, digestAlgorithm: String? = nil, flags: [String] = [], mtime: Int64? = nil
    ) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.size = size
        self.user = user
        self.group = group
        self.linkTarget = linkTarget
        self.digest = digest
        self.digestAlgorithm = digestAlgorithm
        self.flags = flags
        self.mtime = mtime
    }

    /// The mode as four octal digits (`4755`).
    public var modeOctal: String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension FileEntry: FactSchemaDeclaring {
    public static let factTypeName = "File"
    public static let factDocumentation = "One member of a binary package's payload, as the package declares it."
    public static let factFields = FactFieldTable<FileEntry>([
        .string("path", "Absolute installed path.") { $0.path },
        .string("type", "`file`, `directory`, `symlink`, `hardlink`, `character`, `block`, `fifo`, `socket`.") {
            $0.kind.rawValue
        },
        .int("mode", "Permission and special bits as an integer (decimal in JSON; 2541 is 04755).") { $0.mode },
        .string("mode_octal", "The same bits as four octal digits, `4755`.") { $0.modeOctal },
        .bool("setuid", "The set-user-id bit is set on a regular file.") { $0.kind == .file && $0.mode & 0o4000 != 0 },
        .bool("setgid", "The set-group-id bit is set on a regular file.") { $0.kind == .file && $0.mode & 0o2000 != 0 },
        .bool("executable", "A regular file with any execute bit.") { $0.kind == .file && $0.mode & 0o111 != 0 },
        .bool("world_writable", "Writable by others, and not a symlink.") {
            $0.kind != .symlink && $0.mode & 0o002 != 0
        },
        .int("size", "Size in bytes (0 for anything but regular files).") { $0.size },
        .string(
            "user",
            "Owner name for RPM; the numeric id as text for a `.deb` (apt's tar reader gives no names: `0` is root)."
        ) { $0.user },
        .string("group", "Group name for RPM; the numeric id as text for a `.deb`.") { $0.group },
        .string("link_target", "Target of a symbolic or hard link; unset otherwise.") { $0.linkTarget },
        .string("digest", "Content digest as the package records it (`md5sums`, RPM file digests); unset if none.") {
            $0.digest
        },
        .string("digest_algorithm", "`md5`, `sha1`, `sha256`, …; unset when there is no digest.") {
            $0.digestAlgorithm
        },
        .strings("flags", "RPM file flags (`config`, `doc`, `ghost`, …); Debian conffiles carry `config`.") {
            $0.flags
        },
        .timestamp("mtime", "Modification time as recorded in the package.") {
            $0.mtime.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        },
        .string(
            "capabilities",
            "POSIX file capabilities the package sets on the file, as `setcap` writes them (`cap_net_raw=ep`); "
                + "unset when none (RPM `%caps`; a .deb sets them in its maintainer scripts)."
        ) { $0.capabilities },
    ])
}
