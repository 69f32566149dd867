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
    /// Package files already read (absolute paths), so that a file reached twice is read once.
    private var seen: Set<String> = []

    /// Creates a scanner that hands results to the closures.
    public init(
        options: Options = Options(), progress: @escaping (String) -> Void = { _ in },
        report: @escaping (Problem) -> Void, emit: @escaping (PackageFacts) -> Void
    ) {
        self.options = options
        self.emit = emit
        self.report = report
        self.progress = progress
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

    private func scanDirectory(root: String) {
        let fm = FileManager.default
        let join = { (a: String, b: String) in (a as NSString).appendingPathComponent(b) }
        if fm.fileExists(atPath: join(root, "dists")) { DebianRepositoryScan(scanner: self, root: root).run() }
        if fm.fileExists(atPath: join(root, "repodata/repomd.xml")) { scanRPMRepository(root: root) }
        if let flat = ["Packages", "Packages.gz", "Packages.xz", "Packages.zst"].first(where: {
            fm.fileExists(atPath: join(root, $0))
        }), !fm.fileExists(atPath: join(root, "dists")) {
            DebianRepositoryScan(scanner: self, root: root).readFlat(index: flat)
        }
        // Everything else below the root, as loose artefacts (files already read through an index are skipped).
        guard let walker = fm.enumerator(atPath: root) else {
            report(Problem(path: root, reason: "cannot list directory"))
            return
        }
        var loose: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasPrefix("dists/") || relative.hasPrefix("repodata/") || relative.hasPrefix(".") {
                continue
            }
            let full = join(root, relative)
            guard !seen.contains(standard(full)), let type = ArtifactType.detect(path: full) else { continue }
            // Indexes and Release files of a flat repository were read above; elsewhere they are read as found.
            if [.packagesIndex, .sourcesIndex, .release, .repomd].contains(type), !relative.contains("/") { continue }
            if type == .repomd { continue }
            loose.append(relative)
        }
        for relative in loose.sorted() {
            readLoose(path: join(root, relative), shown: join(root, relative))
        }
    }

    private func scanRPMRepository(root: String) {
        progress(root)
        do {
            try RepoMetadataReader.read(root: root) { entry in
                if options.deep, entry.artifact.entryPresent == true, let href = entry.artifact.entryPath {
                    let file = (root as NSString).appendingPathComponent(href)
                    if var deep = readDeep(path: file, type: .rpm) {
                        deep.repository = entry.repository
                        deep.changelog = deep.changelog?.isEmpty == false ? deep.changelog : entry.changelog
                        if deep.artifact.sha256 != entry.artifact.sha256 {
                            deep.warnings.append("checksum differs from the repository metadata's")
                        }
                        emit(deep)
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
        progress(shown)
        do {
            for document in try ArtifactReader.read(path: path, displayPath: shown) {
                if let package = document.package { emit(package) }
            }
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
            return try ArtifactReader.read(path: path, as: type).first?.package
        } catch {
            report(ArtifactReader.problem(error, path: path))
            return nil
        }
    }

    func emitPackage(_ facts: PackageFacts) { emit(facts) }
    func reportProblem(_ problem: Problem) { report(problem) }
    func showProgress(_ path: String) { progress(path) }

    private func standard(_ path: String) -> String { (path as NSString).standardizingPath }
}
