import Foundation
import TollgateArchive
import TollgateCore
import TollgateDrift

/// A release tarball's regular files, read through libarchive with paths relative to the source tree (the
/// tarball's single top-level directory removed), and its unsafe or unreadable members.
struct TarballContents {
    var files: [TarballFile] = []
    var problems: [ArchiveFinding] = []

    /// Reads a tarball file; `data` reads one held in memory instead (a Source of a source RPM).
    static func read(
        path: String, data: [UInt8]? = nil, limits: ArchiveLimits = ArchiveLimits()
    ) throws -> TarballContents {
        let name = (path as NSString).lastPathComponent
        var raw: [(member: ArchiveMember, content: ArchiveContent?)] = []
        // Which members to keep is decided on the path without its first component (the usual top directory).
        let retain: (ArchiveMember) -> Int = { member in
            let parts = member.normalizedPath.split(separator: "/", maxSplits: 1)
            return DriftAnalyzer.retention(for: parts.count == 2 ? String(parts[1]) : member.normalizedPath)
        }
        let each: (ArchiveMember, ArchiveContent?) -> Void = { raw.append(($0, $1)) }
        let problems: [ArchiveProblem]
        do {
            if let data {
                problems = try ArchiveReader.read(
                    data: data, displayPath: path, limits: limits, retain: retain, each: each)
            } else {
                problems = try ArchiveReader.read(path: path, limits: limits, retain: retain, each: each)
            }
        } catch {
            throw Problem(path: error.path, reason: error.reason)
        }
        var out = TarballContents()
        out.problems = problems.map { ArchiveFinding(kind: $0.kind, path: $0.path, detail: $0.detail, tarball: name) }
        let firsts = Set(raw.map { String($0.member.normalizedPath.split(separator: "/").first ?? "") })
        let strip = firsts.count == 1 && raw.contains { $0.member.normalizedPath.contains("/") }
        for (member, content) in raw where member.kind == .file {
            guard let content else { continue }
            var relative = member.normalizedPath
            if strip, let slash = relative.firstIndex(of: "/") {
                relative = String(relative[relative.index(after: slash)...])
            }
            out.files.append(
                TarballFile(
                    path: relative, size: member.size, blobID: content.blobID, bytes: content.bytes, tarball: name))
        }
        return out
    }
}
