import CAptPkg
import TollgateCore

/// A member of a tar archive as libapt-pkg's ExtractTar reports it.
public struct TarMember: Sendable {
    /// Path as stored in the archive.
    public var name: String
    public var linkTarget: String?
    /// 0 file, 1 hard link, 2 symlink, 3 char device, 4 block device, 5 directory, 6 fifo.
    public var type: Int
    public var mode: UInt
    public var uid: UInt
    public var gid: UInt
    public var size: UInt64
    public var mtime: UInt
    /// The captured content, when asked for.
    public var content: [UInt8]?
    /// The content was cut at the capture limit.
    public var contentTruncated: Bool

    /// The fact-document kind of this member.
    public var kind: FileEntry.Kind {
        switch type {
        case 0: .file
        case 1: .hardlink
        case 2: .symlink
        case 3: .character
        case 4: .block
        case 5: .directory
        case 6: .fifo
        default: .unknown
        }
    }

    /// The content as text (UTF-8, repaired), or nil when not captured.
    public var text: String? { content.map { String(decoding: $0, as: UTF8.self) } }
}

/// Archive access through libapt-pkg: .deb ar members and their tars, and (compressed) tar files.
public enum AptArchive {
    /// Per-member capture limit for control members and source-package metadata files.
    public static let captureLimit = 16 << 20
    /// Most members listed from one tar (a guard against archive bombs).
    public static let memberLimit = 1_000_000

    /// The ar members of a .deb, in order.
    public static func debMembers(path: String) throws(DebianReadError) -> [String] {
        try requireRegular(path)
        guard let pointer = tg_apt_deb_members(path) else {
            throw DebianReadError.fromApt(path: path, fallback: "not a Debian binary package (ar archive)")
        }
        defer { tg_apt_free(pointer) }
        return String(cString: pointer).split(separator: "\n").map(String.init)
    }

    /// The members of the .deb's `control.tar*` (contents captured) or `data.tar*` (listing only).
    public static func debTar(
        path: String, which: String, capture: Bool
    ) throws(DebianReadError) -> (
        members: [TarMember], truncated: Bool
    ) {
        try requireRegular(path)
        var listing = tg_apt_tar_listing()
        guard tg_apt_deb_read_tar(path, which, capture ? 1 : 0, captureLimit, memberLimit, &listing) != 0 else {
            throw DebianReadError.fromApt(path: path, fallback: "cannot read \(which)")
        }
        defer { tg_apt_tar_listing_free(&listing) }
        _ = AptErrors.take()
        return (members(of: listing), listing.truncated != 0)
    }

    /// The members of a tar file (compressed by extension), capturing the contents of the `wanted` paths (matched
    /// after an optional leading directory, so `debian/changelog` matches `pkg-1.0/debian/changelog`).
    public static func tar(
        path: String, wanted: [String]
    ) throws(DebianReadError) -> (
        members: [TarMember], truncated: Bool
    ) {
        try requireRegular(path)
        var list: [CChar] = []
        for name in wanted { list += Array(name.utf8CString) }
        list.append(0)
        var listing = tg_apt_tar_listing()
        let ok = list.withUnsafeBufferPointer {
            tg_apt_tar_read(path, $0.baseAddress, captureLimit, memberLimit, &listing)
        }
        guard ok != 0 else { throw DebianReadError.fromApt(path: path, fallback: "not a readable tar archive") }
        defer { tg_apt_tar_listing_free(&listing) }
        _ = AptErrors.take()
        return (members(of: listing), listing.truncated != 0)
    }

    /// Throws unless `path` is a regular file: apt would block on a pipe and read a device without end.
    static func requireRegular(_ path: String) throws(DebianReadError) {
        if let refusal = RegularFile.refusal(path) { throw DebianReadError(path: path, reason: refusal) }
    }

    /// A whole file, decompressed by extension, up to `limit` bytes.
    public static func readFile(path: String, limit: Int = captureLimit) throws(DebianReadError) -> [UInt8] {
        try requireRegular(path)
        var data: UnsafeMutablePointer<UInt8>?
        var length = 0
        var truncated: Int32 = 0
        guard tg_apt_read_file(path, limit, &data, &length, &truncated) != 0, let data else {
            throw DebianReadError.fromApt(path: path, fallback: "cannot read")
        }
        defer { tg_apt_free(data) }
        if truncated != 0 { throw DebianReadError(path: path, reason: "larger than \(limit) bytes") }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    /// The content of one ar member of a .deb.
    public static func debMemberContent(path: String, member: String) throws(DebianReadError) -> [UInt8] {
        try requireRegular(path)
        var data: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard tg_apt_deb_member_content(path, member, captureLimit, &data, &length) != 0, let data else {
            throw DebianReadError.fromApt(path: path, fallback: "cannot read member \(member)")
        }
        defer { tg_apt_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    private static func members(of listing: tg_apt_tar_listing) -> [TarMember] {
        guard let base = listing.members else { return [] }
        return UnsafeBufferPointer(start: base, count: listing.count).map { m in
            TarMember(
                name: m.name.map { String(cString: $0) } ?? "",
                linkTarget: m.link_target.map { String(cString: $0) }, type: Int(m.type), mode: m.mode, uid: m.uid,
                gid: m.gid, size: m.size, mtime: m.mtime,
                content: m.content.map { Array(UnsafeBufferPointer(start: $0, count: m.content_length)) },
                contentTruncated: m.content_truncated != 0
            )
        }
    }
}
