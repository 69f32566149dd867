import Foundation
import Synchronization
import TollgateArchive
import TollgateCore
import TollgateDebian
import TollgateDrift
import TollgateRPM
import TollgateSource

/// Where the two sides of a drift comparison come from, for each kind of artefact: an upstream tarball as it is; a
/// Debian source package's orig tarball(s), with `debian/rules` from its packaging; a source RPM's Source tarballs,
/// with its spec's %prep and %build sections.
struct DriftSources {
    var facts: PackageFacts
    var tarballs: [String] = []
    var contents = TarballContents()
    var packagingBuildFiles: [(path: String, bytes: [UInt8])] = []

    /// Reads the artefact at `path` and the tarballs it stands for.
    /// `known`: the artefact's facts when the caller has read them already (a gate, a report, `facts`), so that
    /// the `.dsc`'s listed files are not hashed again nor a tarball's digest computed twice.
    static func read(path: String, name: String?, version: String?, known: PackageFacts? = nil) throws -> DriftSources {
        switch ArtifactType.detect(path: path) {
        case .dsc: return try debian(path, known: known)
        case .rpm where path.hasSuffix(".src.rpm"): return try sourceRPM(path, known: known)
        case .rpm: throw Problem(path: path, reason: "a binary RPM has no upstream tarball: give its source RPM")
        default:
            if let known {
                var sources = DriftSources(facts: known)
                sources.tarballs.append((path as NSString).lastPathComponent)
                sources.contents = try TarballContents.read(path: path)
                return sources
            }
            // The tarball's own digest and its contents are read at once, on two cores.
            let results = Mutex<
                (facts: Result<PackageFacts, any Error>?, contents: Result<TarballContents, any Error>?)
            >((nil, nil))
            DispatchQueue.concurrentPerform(iterations: 2) { task in
                if task == 0 {
                    let facts = Result { try UpstreamTarballReader.read(path: path, name: name, version: version) }
                    results.withLock { $0.facts = facts }
                } else {
                    let contents = Result { try TarballContents.read(path: path) }
                    results.withLock { $0.contents = contents }
                }
            }
            let (facts, contents) = results.withLock { ($0.facts!, $0.contents!) }
            var sources = DriftSources(facts: try facts.get())
            sources.tarballs.append((path as NSString).lastPathComponent)
            sources.contents = try contents.get()
            return sources
        }
    }

    /// Adds a tarball's files, under `directory` when it unpacks into one (a component tarball of a Debian source
    /// package: `foo_1.0.orig-doc.tar.gz` unpacks into `doc/`). A path that an earlier tarball already holds is a
    /// `duplicate`: one copy overwrites the other when the tree is unpacked.
    mutating func add(tarball path: String, data: [UInt8]? = nil, under directory: String? = nil) throws {
        var read = try TarballContents.read(path: path, data: data)
        let name = (path as NSString).lastPathComponent
        if let directory {
            for i in read.files.indices {
                read.files[i].path = directory + "/" + read.files[i].path
                read.files[i].resolvedPath = read.files[i].resolvedPath.map { directory + "/" + $0 }
            }
        }
        let held = Set(contents.files.map(\.path))
        for file in read.files where held.contains(file.path) {
            read.problems.append(
                ArchiveFinding(
                    kind: "duplicate", path: file.path,
                    detail: "an earlier tarball of the package holds this path too: one overwrites the other",
                    tarball: name))
        }
        tarballs.append(name)
        contents.files += read.files
        contents.problems += read.problems
    }

    /// The directory a Debian component tarball unpacks into: `doc` for `foo_1.0.orig-doc.tar.gz`.
    static func componentDirectory(_ name: String) -> String? {
        guard let orig = name.range(of: ".orig-"),
            let tar = name.range(of: ".tar", range: orig.upperBound..<name.endIndex)
        else { return nil }
        let component = String(name[orig.upperBound..<tar.lowerBound])
        return component.isEmpty || component.contains("/") ? nil : component
    }

    /// A `.dsc`: its orig tarballs beside it, and `debian/rules` from its packaging tarball.
    static func debian(_ path: String, known: PackageFacts? = nil) throws -> DriftSources {
        var sources = DriftSources(facts: try known ?? DscReader.read(path: path))
        let directory = (path as NSString).deletingLastPathComponent
        let files = sources.facts.sourceFiles ?? []
        for file in files where file.role == "orig" || file.role == "orig-component" || file.role == "native" {
            guard RelativePath.isFileName(file.name) else {
                throw Problem(path: path, reason: "lists '\(file.name)', which is not a plain file name")
            }
            let full = (directory as NSString).appendingPathComponent(file.name)
            guard FileManager.default.fileExists(atPath: full) else {
                throw Problem(path: full, reason: "the .dsc lists this tarball but it is not beside it")
            }
            try sources.add(
                tarball: full, under: file.role == "orig-component" ? componentDirectory(file.name) : nil)
        }
        guard !sources.tarballs.isEmpty else {
            throw NoTarball(path: path, reason: "the .dsc lists no upstream tarball")
        }
        if let packaging = files.first(where: { $0.role == "debian" }) {
            let full = (directory as NSString).appendingPathComponent(packaging.name)
            var patches: [String: [UInt8]] = [:]
            var series: [UInt8]?
            var vendorSeries: [UInt8]?
            _ = try? ArchiveReader.read(
                path: full,
                retain: { member in
                    let name = member.normalizedPath
                    if name.hasPrefix("debian/patches/") { return patchLimit }
                    return name == "debian/rules" ? 1 << 20 : 0
                },
                each: { member, content in
                    guard let content, let bytes = content.bytes else { return }
                    let name = member.normalizedPath
                    if name == "debian/rules" {
                        sources.packagingBuildFiles.append(("debian/rules", bytes))
                    } else if name == "debian/patches/series" {
                        series = bytes
                    } else if name == "debian/patches/debian.series" {
                        vendorSeries = bytes
                    } else if name.hasPrefix("debian/patches/") {
                        patches[name] = bytes
                        if content.truncated { sources.patchSearchedInPart(name, in: packaging.name) }
                    }
                })
            // The patches quilt applies (those `series` names, in its order; dpkg-source reads the vendor's
            // `debian.series` first) add to the build what they add.
            for patch in QuiltSeries.patches(vendorSeries ?? series ?? []) {
                let name = "debian/patches/" + patch.name
                if let bytes = patches[name], let added = PatchBuildLines.extract(bytes, strip: patch.strip) {
                    sources.packagingBuildFiles.append((name, added))
                }
            }
        } else if let diff = files.first(where: { $0.role == "diff" }) {
            // A 1.0 package's diff is applied whole.
            let full = (directory as NSString).appendingPathComponent(diff.name)
            if RelativePath.isFileName(diff.name), let bytes = try? AptArchive.readFile(path: full),
                let added = PatchBuildLines.extract(bytes)
            {
                sources.packagingBuildFiles.append((diff.name, added))
            }
        }
        return sources
    }

    /// A source package with no upstream tarball at all: nothing to inspect (an error for `drift`, which was asked
    /// to compare one; a gate or a report judges the package on its other facts without a word).
    struct NoTarball: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// How much of a patch is searched for what it adds to the build.
    static let patchLimit = 16 << 20

    /// A patch longer than `patchLimit` was searched in part: an archive problem, which `build-analysis-stopped`
    /// judges (padding must not hide what a patch adds at its end).
    mutating func patchSearchedInPart(_ name: String, in archive: String) {
        contents.problems.append(
            ArchiveFinding(
                kind: "member-too-large", path: name,
                detail:
                    "a patch longer than \(Self.patchLimit >> 20) MiB: what it adds to the build was searched in part",
                tarball: archive))
    }

    /// The largest tarball (or spec) a source RPM's payload is read into memory for.
    static let sourceRPMTarballLimit = 256 << 20

    /// A source RPM: the tarballs of its payload, and its spec's %prep and %build sections.
    static func sourceRPM(_ path: String, known: PackageFacts? = nil) throws -> DriftSources {
        var sources = DriftSources(facts: try known ?? RPMPackageReader.read(path: path))
        // The spec's `Patch` files, whatever their names (a `.patch.xz` too), and anything named like a patch.
        let patchNames = Set((sources.facts.sourceFiles ?? []).filter { $0.role == "patch" }.map(\.name))
        func isPatch(_ name: String) -> Bool {
            patchNames.contains(name) || name.hasSuffix(".patch") || name.hasSuffix(".diff")
        }
        // Each tarball is read from memory as the payload reaches it, then let go: one at a time, and none larger
        // than `sourceRPMTarballLimit` (a few kilobytes of RPM can hold gigabytes of zeros).
        var failure: (any Error)?
        do {
            _ = try ArchiveReader.read(
                path: path,
                retain: { member in
                    let name = member.normalizedPath
                    if isPatch(name) { return patchLimit }
                    return name.hasSuffix(".spec") || ReleaseName.isTarball(name) ? sourceRPMTarballLimit : 0
                },
                each: { member, content in
                    guard failure == nil, member.kind == .file, let content, let bytes = content.bytes else { return }
                    let name = member.normalizedPath
                    if isPatch(name) {
                        // What `%prep` applies (`%autosetup`, `%patch`, decompressing it first) adds to the build
                        // what it adds.
                        let text = ArchiveReader.decompressed(bytes, maxOutput: patchLimit)
                        if content.truncated || text?.truncated == true {
                            sources.patchSearchedInPart(name, in: (path as NSString).lastPathComponent)
                        }
                        if let added = PatchBuildLines.extract(text?.bytes ?? bytes) {
                            sources.packagingBuildFiles.append((name, added))
                        }
                    } else if content.truncated {
                        failure = Problem(
                            path: path,
                            reason: "\(name) is larger than \(sourceRPMTarballLimit >> 20) MiB: not inspected")
                    } else if name.hasSuffix(".spec") {
                        sources.packagingBuildFiles.append((name, SpecSections.buildSections(bytes)))
                    } else {
                        do {
                            try sources.add(tarball: name, data: bytes)
                        } catch {
                            failure = error
                        }
                    }
                })
        } catch {
            throw Problem(path: error.path, reason: error.reason)
        }
        if let failure { throw failure }
        guard !sources.tarballs.isEmpty else {
            throw NoTarball(path: path, reason: "the source RPM carries no tarball")
        }
        return sources
    }
}

/// The parts of an RPM spec that run at build time: %prep, %build, %install, %check (and %generate_buildrequires).
enum SpecSections {
    static let building: Set<String> = ["%prep", "%build", "%install", "%check", "%generate_buildrequires", "%conf"]
    static let sectionStarts: Set<String> = Set<String>([
        "%package", "%description", "%files", "%changelog", "%pre", "%post", "%preun", "%postun", "%pretrans",
        "%posttrans", "%triggerin", "%triggerun", "%triggerpostun", "%verifyscript",
    ]).union(building)

    /// The lines of the build-time sections; other lines are blanked so that line numbers stay those of the spec.
    static func buildSections(_ bytes: [UInt8]) -> [UInt8] {
        var inBuild = false
        var out: [String] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let word = String(line.split(separator: " ").first ?? "")
            if sectionStarts.contains(word) { inBuild = building.contains(word) }
            out.append(inBuild ? String(line) : "")
        }
        return Array(out.joined(separator: "\n").utf8)
    }
}
