import Foundation
import TollgateCore
import TollgateDebian

/// Reads a Debian repository through its Release files and the indexes they list.
struct DebianRepositoryScan {
    let scanner: Scanner
    let root: String

    private func join(_ a: String, _ b: String) -> String { (a as NSString).appendingPathComponent(b) }

    /// Reads every suite under `dists/`.
    func run() {
        let fm = FileManager.default
        let dists = join(root, "dists")
        guard let suites = try? fm.contentsOfDirectory(atPath: dists) else { return }
        for suite in suites.sorted() {
            let suiteDir = join(dists, suite)
            let inRelease = join(suiteDir, "InRelease")
            let plain = join(suiteDir, "Release")
            guard let releasePath = [inRelease, plain].first(where: { fm.fileExists(atPath: $0) }) else { continue }
            let release: ReleaseFacts
            do {
                release = try ReleaseReader.read(path: releasePath)
            } catch {
                scanner.reportProblem(ArtifactReader.problem(error, path: releasePath))
                continue
            }
            readIndexes(of: release, releasePath: releasePath, suiteDir: suiteDir, suite: suite)
        }
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
        let releaseSigned = !release.signatures.isEmpty
        let relativeRelease = relative(releasePath)
        for key in order {
            guard let file = chosen[key] else { continue }
            let indexPath = join(suiteDir, file.path)
            var matches: Bool?
            if let expected = file.sha256 {
                matches = FileDigest.sha256(path: indexPath)?.sha256 == expected
                if matches == false {
                    scanner.reportProblem(
                        Problem(path: relative(indexPath), reason: "checksum does not match \(relativeRelease)")
                    )
                }
            }
            let component = file.path.split(separator: "/").first.map(String.init)
            let repository = RepositoryRef(
                root: root, index: "dists/\(suite)/\(file.path)", suite: release.suite, codename: release.codename,
                component: component, origin: release.origin, label: release.label,
                release: "dists/\(suite)/\((releasePath as NSString).lastPathComponent)",
                releaseSigned: releaseSigned, indexChecksumMatches: matches
            )
            let vouching =
                matches == true
                ? release.signatures.map { signature -> SignatureFacts in
                    var s = signature
                    s.kind = "repository"
                    s.location = relativeRelease
                    return s
                } : []
            read(index: indexPath, repository: repository, vouching: vouching)
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
        if let releasePath {
            do {
                let release = try ReleaseReader.read(path: releasePath)
                signatures = release.signatures
                let listed = Set(release.files.lazy.filter { $0.sha256 != nil }.map(\.path))
                index = candidates.first(where: listed.contains) ?? index
                if let expected = release.files.first(where: { $0.path == index })?.sha256 {
                    matches = FileDigest.sha256(path: join(root, index))?.sha256 == expected
                    if matches == false {
                        scanner.reportProblem(
                            Problem(
                                path: relative(join(root, index)),
                                reason: "checksum does not match \(relative(releasePath))"))
                    }
                }
            } catch {
                scanner.reportProblem(ArtifactReader.problem(error, path: relative(releasePath)))
            }
        }
        let repository = RepositoryRef(
            root: root, index: index, release: releasePath.map { ($0 as NSString).lastPathComponent },
            releaseSigned: !signatures.isEmpty,
            indexChecksumMatches: matches
        )
        let vouching =
            matches == true
            ? signatures.map { signature -> SignatureFacts in
                var s = signature
                s.kind = "repository"
                s.location = releasePath.map(relative) ?? ""
                return s
            } : []
        read(index: join(root, index), repository: repository, vouching: vouching)
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
        let expected = entry.debian?.field("SHA256")?.lowercased()
        if let href = entry.artifact.entryPath, !RelativePath.staysInside(href) {
            // Judged from its index entry alone; the file it names is outside the repository and never opened.
            entry.artifact.entryPresent = false
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
                let fileMatches =
                    expected == nil || deep.artifact.sha256 == expected
                    || type == .dsc && entry.sourceFiles?.first { $0.role == "dsc" }?.sha256 == deep.artifact.sha256
                if fileMatches {
                    deep.signatures += vouching
                } else {
                    deep.warn("checksum differs from the one \(entry.artifact.path) lists")
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
