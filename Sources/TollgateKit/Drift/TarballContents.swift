import Foundation
import TollgateArchive
import TollgateCore
import TollgateDrift

/// A release tarball's files, read through libarchive with paths relative to the source tree (the tarball's single
/// top-level directory removed), and its unsafe or unreadable members.
///
/// Links are followed inside the tarball, as a build would read through them: a hard link, or a symbolic link to a
/// file, is analysed with that file's bytes under its own path (a macro linked to an opaque "test" file is still a
/// macro aclocal reads); the files under a symbolic link to a directory are analysed under the link's path too.
struct TarballContents {
    var files: [TarballFile] = []
    var problems: [ArchiveFinding] = []

    /// At most this many files are added under links to directories: a few links must not multiply a tree.
    static let linkedFileLimit = 20_000
    /// Links followed from one to the next before giving up (a loop, or a long chain).
    static let linkHops = 8

    private typealias Member = (member: ArchiveMember, content: ArchiveContent?)

    /// Reads a tarball file; `data` reads one held in memory instead (a Source of a source RPM).
    static func read(
        path: String, data: [UInt8]? = nil, limits: ArchiveLimits = ArchiveLimits()
    ) throws -> TarballContents {
        var (raw, problems) = try members(path: path, data: data, limits: limits, more: [:])
        var links = Links(raw)
        // What each link makes readable, resolved once (a second read of the archive holds the same paths).
        let (reads, cut) = links.reads()
        // A file read through a link may need more of its bytes than its own path asked for: read again.
        let more = links.bytesWanted(reads)
        if !more.isEmpty {
            (raw, problems) = try members(path: path, data: data, limits: limits, more: more)
            links = Links(raw)
        }
        let name = (path as NSString).lastPathComponent
        var out = TarballContents()
        out.problems = problems.map { ArchiveFinding(kind: $0.kind, path: $0.path, detail: $0.detail, tarball: name) }
        for (member, content) in raw where member.kind == .file {
            guard let content else { continue }
            out.files.append(
                TarballFile(
                    path: links.relative(member.normalizedPath), size: member.size, blobID: content.blobID,
                    bytes: content.bytes, tarball: name))
        }
        out.files += links.files(reads, raw, tarball: name)
        if let cut {
            let detail = "links to directories would add more than \(linkedFileLimit) files; the rest are not analysed"
            out.problems.append(ArchiveFinding(kind: "too-many-members", path: cut, detail: detail, tarball: name))
        }
        return out
    }

    /// The tarball's members with the bytes the analysis keeps of each (`more`: at least this many of these paths).
    private static func members(
        path: String, data: [UInt8]?, limits: ArchiveLimits, more: [String: Int]
    ) throws -> ([Member], [ArchiveProblem]) {
        var raw: [Member] = []
        // Which members to keep is decided on the path without its first component (the usual top directory).
        let retain: (ArchiveMember) -> Int = { member in
            let parts = member.normalizedPath.split(separator: "/", maxSplits: 1)
            let own = DriftAnalyzer.retention(for: parts.count == 2 ? String(parts[1]) : member.normalizedPath)
            return max(own, more[member.normalizedPath] ?? 0)
        }
        let each: (ArchiveMember, ArchiveContent?) -> Void = { raw.append(($0, $1)) }
        do {
            let problems =
                if let data {
                    try ArchiveReader.read(data: data, displayPath: path, limits: limits, retain: retain, each: each)
                } else {
                    try ArchiveReader.read(path: path, limits: limits, retain: retain, each: each)
                }
            return (raw, problems)
        } catch {
            throw Problem(path: error.path, reason: error.reason)
        }
    }

    /// The links of a tarball and what they lead to, by archive path.
    private struct Links {
        /// Index of each regular file's (last) member.
        var files: [String: Int] = [:]
        var directories: Set<String> = []
        var links: [String: ArchiveMember] = [:]
        /// Whether the paths lose their first component (the tarball's single top directory).
        var strip: Bool

        init(_ raw: [Member]) {
            // The archive's root itself (`./`, made by `tar -C dir -cf … .`) is no top directory.
            let firsts = Set(
                raw.compactMap { $0.member.normalizedPath.split(separator: "/").first.map(String.init) })
            strip = firsts.count == 1 && raw.contains { $0.member.normalizedPath.contains("/") }
            for (i, entry) in raw.enumerated() {
                let path = entry.member.normalizedPath
                var parent = path.split(separator: "/").dropLast()
                while !parent.isEmpty {
                    directories.insert(parent.joined(separator: "/"))
                    parent.removeLast()
                }
                switch entry.member.kind {
                case .file: files[path] = i
                case .directory: directories.insert(path)
                case .symlink, .hardlink: links[path] = entry.member
                case .other: break
                }
            }
        }

        /// A path relative to the source tree.
        func relative(_ path: String) -> String {
            guard strip, let slash = path.firstIndex(of: "/") else { return path }
            return String(path[path.index(after: slash)...])
        }

        /// What a link leads to: a file or a directory of the tarball (nil: outside it, dangling, or a loop).
        func resolve(_ link: ArchiveMember) -> (path: String, isDirectory: Bool)? {
            var current = link
            for _ in 0..<TarballContents.linkHops {
                guard let text = current.linkTarget, !text.isEmpty, !text.hasPrefix("/") else { return nil }
                // A hard link names an archive path; a symbolic link, a path from its own directory.
                let base = current.kind == .hardlink ? [] : current.normalizedPath.split(separator: "/").dropLast()
                var parts: [Substring] = Array(base)
                for part in text.split(separator: "/") where part != "." {
                    if part == ".." {
                        guard !parts.isEmpty else { return nil }
                        parts.removeLast()
                    } else {
                        parts.append(part)
                    }
                }
                let target = parts.joined(separator: "/")
                if files[target] != nil { return (target, false) }
                if directories.contains(target) { return (target, true) }
                guard let next = links[target] else { return nil }
                current = next
            }
            return nil
        }

        /// Each link with the files it makes readable: (the path a build reads, the file it reads), in archive
        /// paths; the first path left out when there would be more than `linkedFileLimit`.
        func reads() -> (pairs: [(link: ArchiveMember, path: String, file: String)], cut: String?) {
            var pairs: [(link: ArchiveMember, path: String, file: String)] = []
            var underDirectories = 0
            // The files under a directory are a run of the paths sorted by their bytes, found by bisection: a tarball
            // of many links to directories must not cost links × files. (Bytes, not Characters: a combining mark
            // after the slash must not end the run early.)
            let sorted = files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for path in links.keys.sorted() {
                let link = links[path]!
                guard let (target, isDirectory) = resolve(link) else { continue }
                guard isDirectory else {
                    pairs.append((link, path, target))
                    continue
                }
                let prefix = target + "/"
                var low = 0
                var high = sorted.count
                while low < high {
                    let middle = (low + high) / 2
                    if sorted[middle].utf8.lexicographicallyPrecedes(prefix.utf8) {
                        low = middle + 1
                    } else {
                        high = middle
                    }
                }
                for file in sorted[low...].prefix(while: { $0.utf8.starts(with: prefix.utf8) }) {
                    underDirectories += 1
                    guard underDirectories <= TarballContents.linkedFileLimit else { return (pairs, relative(path)) }
                    pairs.append((link, path + "/" + file.dropFirst(prefix.count), file))
                }
            }
            return (pairs, nil)
        }

        /// The files read through links whose bytes were kept short for what the link's path needs.
        func bytesWanted(_ reads: [(link: ArchiveMember, path: String, file: String)]) -> [String: Int] {
            var wanted: [String: Int] = [:]
            for (_, path, file) in reads {
                let need = DriftAnalyzer.retention(for: relative(path))
                if need > DriftAnalyzer.retention(for: relative(file)) { wanted[file] = max(wanted[file] ?? 0, need) }
            }
            return wanted
        }

        /// The files links make readable, as the analysis sees them.
        func files(
            _ reads: [(link: ArchiveMember, path: String, file: String)], _ raw: [Member], tarball: String
        ) -> [TarballFile] {
            var out: [TarballFile] = []
            for (link, path, file) in reads {
                guard let index = files[file], let content = raw[index].content else { continue }
                let member = raw[index].member
                let throughLink = path != link.normalizedPath
                var entry = TarballFile(
                    path: relative(path), size: member.size, blobID: content.blobID, bytes: content.bytes,
                    tarball: tarball, throughLink: throughLink, resolvedPath: relative(file))
                if link.kind == .symlink && !throughLink {
                    // Compared with git as git records a link: a blob of its text.
                    entry.symlinkTarget = link.linkTarget
                    entry.blobID = GitBlobHasher.id(of: Array((link.linkTarget ?? "").utf8))
                }
                out.append(entry)
            }
            return out
        }
    }
}
