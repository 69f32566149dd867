import Foundation
import TollgateCore
import TollgateDebian

/// Reads a Debian repository through its Release files and the indexes they list.
struct DebianRepositoryScan {
    let scanner: Scanner
    let root: String

    private func join(_ a: String, _ b: String) -> String { (a as NSString).appendingPathComponent(b) }

    /// Reads every suite under `dists/`: a directory with a Release, found down to three levels (`dists/buster/
    /// updates`, as the old security archive nests them).
    func run() {
        let dists = join(root, "dists")
        guard let suites = try? FileManager.default.contentsOfDirectory(atPath: dists) else { return }
        for suite in suites.sorted() where isDirectory(join(dists, suite)) {
            // apt reads nothing of a suite without a Release: its indexes vouch for nothing.
            if !readSuites(under: suite, depth: 3) {
                scanner.reportProblem(
                    Problem(
                        path: relative(join(dists, suite)),
                        reason: "no InRelease or Release file: the suite is not read"))
            }
        }
    }

    /// Reads the suite `dists/SUITE` if it has a Release, else the suites below it; whether one was found.
    private func readSuites(under suite: String, depth: Int) -> Bool {
        let fm = FileManager.default
        let suiteDir = join(join(root, "dists"), suite)
        guard
            let releasePath = ["InRelease", "Release"].map({ join(suiteDir, $0) }).first(where: {
                fm.fileExists(atPath: $0)
            })
        else {
            guard depth > 1, let entries = try? fm.contentsOfDirectory(atPath: suiteDir) else { return false }
            var found = false
            for entry in entries.sorted() where isDirectory(join(suiteDir, entry)) {
                found = readSuites(under: suite + "/" + entry, depth: depth - 1) || found
            }
            return found
        }
        do {
            let release = try ReleaseReader.read(path: releasePath)
            // apt refuses a Release whose `Valid-Until` it cannot read, rather than take it for one without any.
            if release.validUntil == nil,
                let text = release.fields.first(where: { $0.key.lowercased() == "valid-until" })?.value,
                !text.trimmingWhitespace().isEmpty
            {
                scanner.reportProblem(
                    Problem(
                        path: relative(releasePath),
                        reason: "Valid-Until '\(text)' is not a date apt reads: the suite is not read"))
                return true
            }
            readIndexes(of: release, releasePath: releasePath, suiteDir: suiteDir, suite: suite)
        } catch {
            scanner.reportProblem(ArtifactReader.problem(error, path: releasePath))
        }
        return true
    }

    /// Whether the path is a directory (following links); `dists/README` is not a suite.
    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The indexes a Release lists that exist locally, one file per index (the first compression found).
    private func readIndexes(of release: ReleaseFacts, releasePath: String, suiteDir: String, suite: String) {
        var chosen: [String: ReleaseFacts.IndexFile] = [:]
        var order: [String] = []
        let preference = ["", ".xz", ".gz", ".zst", ".lz4", ".bz2"]
        for file in release.files {
            let name = (file.path as NSString).lastPathComponent
            let stem = ArtifactType.stripCompression(name)
            guard stem == "Packages" || stem == "Sources" else { continue }
            guard RelativePath.staysInside(file.path) else {
                scanner.reportProblem(
                    Problem(path: relative(releasePath), reason: "lists \(file.path), outside the suite: not read"))
                continue
            }
            guard FileManager.default.fileExists(atPath: join(suiteDir, file.path)) else { continue }
            let key = (file.path as NSString).deletingLastPathComponent + "/" + stem
            let rank = preference.firstIndex(of: String(name.dropFirst(stem.count))) ?? preference.count
            if let existing = chosen[key] {
                let existingName = (existing.path as NSString).lastPathComponent
                let existingRank = preference.firstIndex(of: String(existingName.dropFirst(stem.count))) ?? 99
                if rank < existingRank { chosen[key] = file }
            } else {
                chosen[key] = file
                order.append(key)
            }
        }
        // A mirror may leave out some architectures a Release lists, but a suite none of whose indexes is here
        // (deleted, or never synced) has nothing apt could read: its pool files would pass as loose files.
        // Each index once, whatever compressions of it are listed.
        let listed = Set(
            release.files.compactMap { file -> String? in
                let stem = ArtifactType.stripCompression((file.path as NSString).lastPathComponent)
                guard stem == "Packages" || stem == "Sources" else { return nil }
                return (file.path as NSString).deletingLastPathComponent + "/" + stem
            })
        if order.isEmpty, !listed.isEmpty {
            scanner.reportProblem(
                Problem(
                    path: relative(releasePath),
                    reason:
                        "lists \(listed.count) Packages or Sources index(es), none of which is here: the suite is not read"
                ))
        }
        let releaseSigned = !release.signatures.isEmpty
        let relativeRelease = relative(releasePath)
        for key in order {
            guard let file = chosen[key] else { continue }
            let indexPath = join(suiteDir, file.path)
            let matches = check(index: indexPath, against: file, release: relativeRelease)
            let component = file.path.split(separator: "/").first.map(String.init)
            var repository = RepositoryRef(
                root: root, index: "dists/\(suite)/\(file.path)", suite: release.suite, codename: release.codename,
                component: component, origin: release.origin, label: release.label,
                release: "dists/\(suite)/\((releasePath as NSString).lastPathComponent)",
                releaseSigned: releaseSigned, indexChecksumMatches: matches
            )
            repository.releaseDate = release.date
            repository.releaseValidUntil = release.validUntil
            read(
                index: indexPath, repository: repository,
                vouching: Self.vouching(release.signatures, release: relativeRelease, matches: matches))
        }
    }

    /// Reads a flat repository's index (`Packages` beside the files): of the `candidates` present, the first its
    /// Release lists, as apt would fetch that one.
    func readFlat(candidates: [String]) {
        guard var index = candidates.first else { return }
        let releasePath = ["InRelease", "Release"].map { join(root, $0) }.first {
            FileManager.default.fileExists(atPath: $0)
        }
        var signatures: [SignatureFacts] = []
        var matches: Bool?
        var dates: (Date?, Date?) = (nil, nil)
        if let releasePath {
            do {
                let release = try ReleaseReader.read(path: releasePath)
                signatures = release.signatures
                dates = (release.date, release.validUntil)
                let listed = Set(release.files.lazy.filter { $0.sha256 != nil || $0.sha512 != nil }.map(\.path))
                index = candidates.first(where: listed.contains) ?? index
                if let listed = release.files.first(where: { $0.path == index }) {
                    matches = check(index: join(root, index), against: listed, release: relative(releasePath))
                }
            } catch {
                scanner.reportProblem(ArtifactReader.problem(error, path: relative(releasePath)))
            }
        }
        var repository = RepositoryRef(
            root: root, index: index, release: releasePath.map { ($0 as NSString).lastPathComponent },
            releaseSigned: !signatures.isEmpty,
            indexChecksumMatches: matches
        )
        (repository.releaseDate, repository.releaseValidUntil) = dates
        read(
            index: join(root, index), repository: repository,
            vouching: Self.vouching(signatures, release: releasePath.map(relative) ?? "", matches: matches))
    }

    /// Whether an index matches the strong checksums its Release lists for it (nil when it lists none); a problem
    /// when it does not.
    private func check(index: String, against file: ReleaseFacts.IndexFile, release: String) -> Bool? {
        let matches = StrongChecksum.matches(path: index, sha256: file.sha256, sha512: file.sha512)
        if matches == false {
            scanner.reportProblem(Problem(path: relative(index), reason: "checksum does not match \(release)"))
        }
        return matches
    }

    /// The Release's signatures, as vouching for the entries of an index that matches it; none otherwise.
    private static func vouching(_ signatures: [SignatureFacts], release: String, matches: Bool?) -> [SignatureFacts] {
        guard matches == true else { return [] }
        return signatures.map { signature in
            var s = signature
            s.kind = "repository"
            s.location = release
            return s
        }
    }

    private func read(index: String, repository: RepositoryRef, vouching: [SignatureFacts]) {
        scanner.showProgress(relative(index))
        let stem = ArtifactType.stripCompression((index as NSString).lastPathComponent)
        do {
            if stem == "Sources" {
                try DebianIndexReader.readSources(
                    path: index, displayPath: relative(index), repository: repository,
                    problem: { scanner.reportProblem(Problem(path: relative(index), reason: $0)) }
                ) { entry in handle(entry, type: .dsc, vouching: vouching) }
            } else {
                try DebianIndexReader.readPackages(
                    path: index, displayPath: relative(index), repository: repository,
                    problem: { scanner.reportProblem(Problem(path: relative(index), reason: $0)) }
                ) { entry in handle(entry, type: .deb, vouching: vouching) }
            }
        } catch {
            scanner.reportProblem(ArtifactReader.problem(error, path: relative(index)))
        }
    }

    /// Replaces an index entry by the package file's own facts when the file is present.
    private func handle(_ entry: PackageFacts, type: ArtifactType, vouching: [SignatureFacts]) {
        var entry = entry
        if let href = entry.artifact.entryPath, !RelativePath.staysInside(href) {
            // Judged from its index entry alone; the file it names is outside the repository and never opened.
            entry.artifact.entryPresent = false
            entry.artifact.entryOutside = true
            entry.warn("Filename \(href) points outside the repository: not read")
        } else if let href = entry.artifact.entryPath {
            let file = join(root, href)
            entry.artifact.entryPresent = FileManager.default.fileExists(atPath: file)
            if !scanner.options.deep { scanner.markCovered(file) }
            if scanner.options.deep, entry.artifact.entryPresent == true, scanner.passesOver(file) { return }
            if scanner.options.deep, entry.artifact.entryPresent == true,
                var deep = scanner.readDeep(path: file, type: type)
            {
                deep.artifact.path = relative(file)
                deep.repository = entry.repository
                // A Sources entry lists its .dsc in `Checksums-Sha256`; a Packages entry gives `SHA256`/`SHA512`.
                let fileMatches =
                    type == .dsc
                    ? StrongChecksum.matches(
                        path: file, sha256: entry.sourceFiles?.first { $0.role == "dsc" }?.sha256, sha512: nil,
                        knownSHA256: deep.artifact.sha256)
                    : StrongChecksum.matches(
                        path: file, sha256: entry.debian?.field("SHA256").nonEmpty,
                        sha512: entry.debian?.field("SHA512").nonEmpty, knownSHA256: deep.artifact.sha256)
                deep.artifact.entryChecksumMatches = fileMatches == true
                if fileMatches == true {
                    deep.signatures += vouching
                } else {
                    deep.warn(
                        fileMatches == nil
                            ? "\(entry.artifact.path) lists no SHA-256 or SHA-512 checksum for it: nothing vouches for it"
                            : "checksum differs from the one \(entry.artifact.path) lists")
                }
                scanner.emitPackage(deep)
                return
            }
        }
        entry.signatures += vouching
        scanner.emitPackage(entry)
    }

    private func relative(_ path: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix)
            ? (root as NSString).appendingPathComponent(String(path.dropFirst(prefix.count))) : path
    }
}
