import Foundation
import TollgateCore
import TollgateDebian
import TollgateRPM

/// Walks directories and repositories and reads every package in them.
///
/// A Debian repository (`dists/` + `pool/`) is read through its Release files and indexes; each index entry whose
/// package file is present is read from that file (deep facts: scripts, file list) and keeps its repository
/// context. A flat Debian repository (`Packages` beside the files) and an RPM repository (`repodata/`) are read the
/// same way. Remaining files are read as loose artefacts. A bad artefact is reported and the scan goes on.
public final class Scanner {
    /// Options of a scan.
    public struct Options: Sendable {
        /// Read package files that indexes point to (scripts, file lists), not only the index entries.
        public var deep: Bool = true
        /// Files (standardized paths) to pass over: neither read nor, for a package file an index points to,
        /// stood for by its index entry.
        public var passOver: (@Sendable (String) -> Bool)? = nil
        /// Creates the default options.
        public init() {}
    }

    public let options: Options
    /// Called for every package document, in scan order.
    private let emit: (PackageFacts) -> Void
    /// Called for every artefact that could not be read.
    private let report: (Problem) -> Void
    /// Called with the file being read, for progress display.
    private let progress: (String) -> Void
    /// Called with each file (standardized path) read without an error.
    private let read: (String) -> Void
    /// Package files already read (absolute paths), so that a file reached twice is read once.
    private var seen: Set<String> = []

    /// Creates a scanner that hands results to the closures.
    public init(
        options: Options = Options(), progress: @escaping (String) -> Void = { _ in },
        read: @escaping (String) -> Void = { _ in }, report: @escaping (Problem) -> Void,
        emit: @escaping (PackageFacts) -> Void
    ) {
        self.options = options
        self.emit = emit
        self.report = report
        self.progress = progress
        self.read = read
    }

    /// Scans each path: a directory (repository or tree) or a single artefact.
    public func scan(_ paths: [String]) {
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                report(Problem(path: path, reason: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                scanDirectory(root: path)
            } else {
                readLoose(path: path, shown: path)
            }
        }
    }

    // MARK: Directories

    /// Walks a tree: each directory that is a repository root is read through its indexes, then every other file
    /// is read as a loose artefact. Hidden entries are skipped; symbolic links to directories are not followed.
    private func scanDirectory(root: String) {
        let fm = FileManager.default
        let join = { (a: String, b: String) in (a as NSString).appendingPathComponent(b) }
        var skipped: Set<String> = []
        var flatDirectory = false
        if fm.fileExists(atPath: join(root, "dists")) {
            DebianRepositoryScan(scanner: self, root: root).run()
            skipped.insert("dists")
        }
        if fm.fileExists(atPath: join(root, "repodata/repomd.xml")) {
            scanRPMRepository(root: root)
            skipped.insert("repodata")
        }
        let flat = ["Packages", "Packages.xz", "Packages.gz", "Packages.zst"].filter { isFile(join(root, $0)) }
        if !skipped.contains("dists"), !flat.isEmpty {
            DebianRepositoryScan(scanner: self, root: root).readFlat(candidates: flat)
            flatDirectory = true
        }
        guard let entries = try? fm.contentsOfDirectory(atPath: root) else {
            report(Problem(path: root, reason: "cannot list directory"))
            return
        }
        for name in entries.sorted() where !name.hasPrefix(".") && !skipped.contains(name) {
            let full = join(root, name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else {
                // A dangling link is passed over; a path the system cannot even name is said.
                var status = stat()
                if lstat(full, &status) != 0, errno == ENAMETOOLONG {
                    report(
                        Problem(
                            path: String(full.prefix(200)) + "…",
                            reason: "a path of \(full.utf8.count) bytes, longer than the system allows: not read"))
                }
                continue
            }
            if isDirectory.boolValue {
                let isLink = (try? fm.destinationOfSymbolicLink(atPath: full)) != nil
                // Git repositories are read for their tags only when asked (`--git`), never walked.
                let isGit =
                    name.hasSuffix(".git")
                    || fm.fileExists(atPath: join(full, "objects"))
                        && fm.fileExists(atPath: join(full, "HEAD"))
                if !isLink, !isGit { scanDirectory(root: full) }
                continue
            }
            guard !seen.contains(standard(full)), let type = ArtifactType.detect(path: full),
                ArtifactType.isLooseArtefact(type, name: name)
            else { continue }
            // A flat repository's own index and Release were read above.
            if flatDirectory, [.packagesIndex, .sourcesIndex, .release].contains(type) { continue }
            readLoose(path: full, shown: full)
        }
    }

    private func isFile(_ path: String) -> Bool { RegularFile.exists(atPath: path) }

    /// Whether a package file is the one a metadata entry describes: its checksum, in the entry's type.
    static func fileMatches(_ entry: PackageFacts, deep: PackageFacts, path: String) -> Bool {
        guard let checksum = entry.rpm?.metadataChecksum else { return false }
        if checksum.type == "sha256" { return deep.artifact.sha256 == checksum.hex }
        return RPMDigest.hex(of: path, type: checksum.type) == checksum.hex
    }

    private func scanRPMRepository(root: String) {
        progress(root)
        do {
            try RepoMetadataReader.read(root: root) { entry in
                if entry.artifact.entryPresent == true, let href = entry.artifact.entryPath,
                    !RelativePath.staysInside(href)
                {
                    var entry = entry
                    entry.artifact.entryPresent = false
                    entry.artifact.entryOutside = true
                    entry.warn("location \(href) points outside the repository: not read")
                    emit(entry)
                    return
                }
                if entry.artifact.entryPresent == true, let href = entry.artifact.entryPath {
                    let file = (root as NSString).appendingPathComponent(href)
                    if !options.deep { markCovered(file) }
                    if options.deep, passesOver(file) { return }
                    if options.deep, var deep = readDeep(path: file, type: .rpm) {
                        deep.repository = entry.repository
                        deep.changelog = deep.changelog?.isEmpty == false ? deep.changelog : entry.changelog
                        let matches = Scanner.fileMatches(entry, deep: deep, path: file)
                        deep.artifact.entryChecksumMatches = matches
                        if matches {
                            deep.signatures += entry.signatures.filter { $0.kind == "repository" }
                            emit(deep)
                            return
                        }
                        // The file is not the package the metadata describes (dnf would refuse it, or fetch the
                        // package from elsewhere): both are judged, each for what it is.
                        deep.warn("not the package the repository metadata describes at \(href): its checksum differs")
                        emit(deep)
                        var described = entry
                        described.artifact.entryPresent = false
                        described.artifact.entryChecksumMatches = false
                        described.warn(
                            "the file at \(href) is not this package (its checksum differs): judged from the metadata")
                        emit(described)
                        return
                    }
                }
                emit(entry)
            }
        } catch {
            report(ArtifactReader.problem(error, path: root))
        }
    }

    // MARK: Files

    /// Reads one artefact, reporting failure.
    func readLoose(path: String, shown: String) {
        let key = standard(path)
        guard !seen.contains(key) else { return }
        seen.insert(key)
        if options.passOver?(key) == true { return }
        progress(shown)
        do {
            try ArtifactReader.read(path: path, displayPath: shown) { document in
                if let package = document.package { emit(package) }
            }
            read(key)
        } catch {
            report(ArtifactReader.problem(error, path: shown))
        }
    }

    /// Reads a package file an index points to; nil (and a reported problem) when it cannot be read.
    func readDeep(path: String, type: ArtifactType) -> PackageFacts? {
        let key = standard(path)
        guard !seen.contains(key) else { return nil }
        seen.insert(key)
        progress(path)
        do {
            let package = try ArtifactReader.read(path: path, as: type).first?.package
            read(key)
            return package
        } catch {
            report(ArtifactReader.problem(error, path: path))
            return nil
        }
    }

    /// Whether a package file an index points to is to be passed over (see `Options.passOver`); it is then also
    /// not read again as a loose artefact.
    func passesOver(_ path: String) -> Bool {
        guard let passOver = options.passOver else { return false }
        let key = standard(path)
        guard !seen.contains(key), passOver(key) else { return false }
        seen.insert(key)
        return true
    }

    /// Records that an index entry covers this file, so that the walk does not read it again as a loose artefact.
    func markCovered(_ path: String) { seen.insert(standard(path)) }

    func emitPackage(_ facts: PackageFacts) { emit(facts) }
    func reportProblem(_ problem: Problem) { report(problem) }
    func showProgress(_ path: String) { progress(path) }

    private func standard(_ path: String) -> String { (path as NSString).standardizingPath }
}
