internal import CArchive
import TollgateCore

/// Reads release archives (tar with gzip, xz, bzip2, zstd, lzip, lzma or lz4; zip; an RPM's cpio payload) through
/// libarchive, streamed and never extracted: each member's git blob id is computed as it passes, and only the
/// members a caller asks for are kept in memory, up to a size it chooses.
///
/// Bad archives never crash and never run away: every limit of `ArchiveLimits` stops or skips with a problem
/// recorded, and unsafe member names (absolute, `..`, links that leave the tree, duplicates) are problems too.
public enum ArchiveReader {
    /// Reads the archive file at `path`.
    ///
    /// - Parameters:
    ///   - retain: how many bytes of a regular member to keep (0: none); its blob id is computed either way.
    ///   - each: called for every member, with the content of regular files.
    /// - Returns: the problems met, in order.
    /// - Throws: when the file is not an archive libarchive reads, or cannot be opened.
    public static func read(
        path: String, displayPath: String? = nil, limits: ArchiveLimits = ArchiveLimits(),
        retain: (ArchiveMember) -> Int = { _ in 0 }, each: (ArchiveMember, ArchiveContent?) -> Void
    ) throws(ArchiveError) -> [ArchiveProblem] {
        let shown = displayPath ?? path
        if let refusal = RegularFile.refusal(path) { throw ArchiveError(path: shown, reason: refusal) }
        guard let archive = archive_read_new() else {
            throw ArchiveError(path: shown, reason: "libarchive: out of memory")
        }
        defer { archive_read_free(archive) }
        enableFormats(archive)
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else {
            throw ArchiveError(path: shown, reason: message(archive) ?? "cannot open")
        }
        return try walk(archive, shown: shown, limits: limits, retain: retain, each: each)
    }

    /// Reads an archive held in memory (a tarball inside a source RPM, say).
    public static func read(
        data: [UInt8], displayPath: String, limits: ArchiveLimits = ArchiveLimits(),
        retain: (ArchiveMember) -> Int = { _ in 0 }, each: (ArchiveMember, ArchiveContent?) -> Void
    ) throws(ArchiveError) -> [ArchiveProblem] {
        guard let archive = archive_read_new() else {
            throw ArchiveError(path: displayPath, reason: "libarchive: out of memory")
        }
        defer { archive_read_free(archive) }
        enableFormats(archive)
        var result: Result<[ArchiveProblem], ArchiveError> = .success([])
        data.withUnsafeBytes { raw in
            guard archive_read_open_memory(archive, raw.baseAddress, raw.count) == ARCHIVE_OK else {
                result = .failure(ArchiveError(path: displayPath, reason: message(archive) ?? "not an archive"))
                return
            }
            do throws(ArchiveError) {
                result = .success(try walk(archive, shown: displayPath, limits: limits, retain: retain, each: each))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// Formats and filters of release archives. Filters are named one by one (not "all") so that libarchive never
    /// falls back to running an external program on untrusted data.
    static func enableFormats(_ archive: OpaquePointer) {
        archive_read_support_format_tar(archive)
        archive_read_support_format_gnutar(archive)
        archive_read_support_format_zip(archive)
        archive_read_support_format_cpio(archive)
        enableFilters(archive)
    }

    static func enableFilters(_ archive: OpaquePointer) {
        archive_read_support_filter_gzip(archive)
        archive_read_support_filter_bzip2(archive)
        archive_read_support_filter_xz(archive)
        archive_read_support_filter_lzma(archive)
        archive_read_support_filter_lzip(archive)
        archive_read_support_filter_zstd(archive)
        archive_read_support_filter_lz4(archive)
        archive_read_support_filter_rpm(archive)
    }

    static func message(_ archive: OpaquePointer) -> String? {
        // libarchive ends some messages with a newline.
        archive_error_string(archive).map { String(String(cString: $0).reversed().drop { $0.isNewline }.reversed()) }
    }

    private static func walk(
        _ archive: OpaquePointer, shown: String, limits: ArchiveLimits, retain: (ArchiveMember) -> Int,
        each: (ArchiveMember, ArchiveContent?) -> Void
    ) throws(ArchiveError) -> [ArchiveProblem] {
        var problems: [ArchiveProblem] = []
        var seen: Set<String> = []
        var members = 0
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var entry: OpaquePointer?
            let rc = archive_read_next_header(archive, &entry)
            if rc == ARCHIVE_EOF { break }
            guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN, let entry else {
                let reason = message(archive) ?? "unreadable"
                // Nothing read at all: not an archive. Otherwise keep what was read.
                if members == 0 { throw ArchiveError(path: shown, reason: reason) }
                problems.append(ArchiveProblem(kind: "unreadable", path: shown, detail: reason))
                break
            }
            members += 1
            if members > limits.maxMembers {
                problems.append(
                    ArchiveProblem(
                        kind: "too-many-members", path: shown,
                        detail: "more than \(limits.maxMembers) members; the rest is not read"))
                break
            }
            let member = describe(entry)
            // A path past the limit is reported (cut short) and the member passed over whole: kept, its path alone
            // would cost what the limit is there to bound (a thousand 500 KB names in an 80 KB tarball).
            guard member.path.utf8.count <= limits.maxPathBytes else {
                problems.append(
                    ArchiveProblem(
                        kind: "path-too-long", path: String(member.path.prefix(200)) + "…",
                        detail: "\(member.path.utf8.count) bytes (limit \(limits.maxPathBytes)); not read"))
                if member.kind == .file { archive_read_data_skip(archive) }
                continue
            }
            problems += ArchiveMember.problems(of: member, limits: limits, seen: &seen)
            guard member.kind == .file else {
                each(member, nil)
                continue
            }
            // A member too large to read is reported, its remaining data skipped, and the reading goes on.
            func passOver(_ detail: String) {
                problems.append(ArchiveProblem(kind: "member-too-large", path: member.path, detail: detail))
                archive_read_data_skip(archive)
                each(member, nil)
            }
            if member.size > limits.maxMemberBytes {
                passOver("\(member.size) bytes (limit \(limits.maxMemberBytes)); not read")
                continue
            }
            if total + member.size > limits.maxTotalBytes {
                problems.append(
                    ArchiveProblem(
                        kind: "total-too-large", path: shown,
                        detail: "more than \(limits.maxTotalBytes) bytes uncompressed; the rest is not read"))
                break
            }
            let keep = max(0, retain(member))
            var hasher = GitBlobHasher(size: member.size)
            var kept: [UInt8] = []
            if keep > 0 { kept.reserveCapacity(min(keep, Int(member.size))) }
            var read: Int64 = 0
            var failed: String?
            var undeclaredTooLarge = false
            while true {
                let n = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if n == 0 { break }
                guard n > 0 else {
                    failed = message(archive) ?? "read error"
                    break
                }
                read += Int64(n)
                guard read <= limits.maxMemberBytes else {
                    failed = "longer than its header says (over \(limits.maxMemberBytes) bytes)"
                    break
                }
                guard member.size > 0 || read <= limits.maxUndeclaredBytes else {
                    undeclaredTooLarge = true
                    break
                }
                buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                if kept.count < keep { kept += buffer[0..<min(n, keep - kept.count)] }
            }
            total += read
            if undeclaredTooLarge {
                passOver("declares no size but holds over \(limits.maxUndeclaredBytes) bytes; not read")
                continue
            }
            if let failed {
                problems.append(ArchiveProblem(kind: "unreadable", path: member.path, detail: failed))
                each(member, nil)
                break
            }
            var actual = member
            actual.size = read
            let content = ArchiveContent(
                blobID: hasher.finalize(actualSize: read), bytes: keep > 0 ? kept : nil,
                truncated: read > Int64(keep) && keep > 0)
            each(actual, content)
        }
        return problems
    }

    private static func describe(_ entry: OpaquePointer) -> ArchiveMember {
        let path =
            (archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)).map { String(cString: $0) } ?? ""
        let kind: ArchiveMember.Kind
        var target: String?
        if let hard = archive_entry_hardlink(entry) {
            kind = .hardlink
            target = String(cString: hard)
        } else if tg_archive_entry_is_file(entry) != 0 {
            kind = .file
        } else if tg_archive_entry_is_directory(entry) != 0 {
            kind = .directory
        } else if tg_archive_entry_is_symlink(entry) != 0 {
            kind = .symlink
            target = archive_entry_symlink(entry).map { String(cString: $0) }
        } else {
            kind = .other
        }
        return ArchiveMember(
            path: path, kind: kind, size: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : 0,
            mode: Int(archive_entry_perm(entry)), linkTarget: target)
    }
}
