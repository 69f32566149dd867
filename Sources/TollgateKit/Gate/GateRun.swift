import Foundation
import TollgateCore
import TollgateDrift
import TollgateHistory

/// Judges artefacts at a gate: uploads (`.changes` with the files they list), source packages (with their
/// tarballs' contents), binary packages; every package gets its signatures checked, its history and its verdict.
struct GateRun {
    let settings: GateSettings
    var judged: [(facts: PackageFacts, verdict: Verdict)] = []
    /// For each judged package, the upload (`.changes`, by its order among the inputs) it came in, if any: an
    /// upload goes through whole or not at all.
    private var uploadOfJudged: [Int?] = []
    /// The first error reading the history met while reading the artefacts.
    private var historyFailure: HistoryError?
    /// Uploads one of whose files could not be read.
    private var unreadableUploads: Set<Int> = []
    var problems: [Problem] = []
    /// Source packages judged without their tarballs' contents, and why (a revision upload without its orig
    /// tarball, say): the verdict then rests on the rest of the facts, which the gate says.
    var uninspected: [Problem] = []
    /// Set when the history could not be read: nothing was judged, and the gate decides by `on_error` (judging
    /// without the history would drop every rule that reads it without a word).
    var failure: GateSettings.Failure?

    init(settings: GateSettings) { self.settings = settings }

    /// Reads and judges `paths` (artefacts or directories of them, such as an incoming queue).
    mutating func run(_ paths: [String]) {
        var documents: [PackageFacts] = []
        var uploads: [Int?] = []
        var covered: Set<String> = []
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Problem(path: path, reason: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
                files += names.sorted().map { (path as NSString).appendingPathComponent($0) }.filter { file in
                    [".changes", ".dsc", ".deb", ".udeb", ".rpm"].contains { file.hasSuffix($0) }
                }
            } else {
                files.append(path)
            }
        }
        // Uploads first: the files a .changes lists are judged as part of it.
        for (upload, file) in files.filter({ $0.hasSuffix(".changes") }).enumerated() {
            let problemsBefore = problems.count
            defer {
                // A file of the upload that could not be read rejects it as a denial would.
                if problems.count > problemsBefore { unreadableUploads.insert(upload) }
            }
            do {
                guard var changes = try ArtifactReader.read(path: file).first?.package else { continue }
                let present = UploadCheck.check(&changes, path: file, checker: settings.checker)
                documents.append(changes)
                covered.insert(standard(file))
                for listed in present where [".dsc", ".deb", ".udeb", ".rpm"].contains(where: listed.hasSuffix) {
                    covered.insert(standard(listed))
                    documents += read(listed)
                }
                uploads += Array(repeating: upload, count: documents.count - uploads.count)
            } catch {
                problems.append(ArtifactReader.problem(error, path: file))
            }
        }
        for file in files where !covered.contains(standard(file)) {
            covered.insert(standard(file))
            documents += read(file)
        }
        uploads += Array(repeating: nil, count: documents.count - uploads.count)
        let snapshot: HistorySnapshot?
        do {
            if let historyFailure { throw historyFailure }
            snapshot = try settings.history?.snapshot()
        } catch {
            failure = GateSettings.Failure(reason: "\(error)", onError: settings.configuration.onError)
            return
        }
        for (var facts, upload) in zip(documents, uploads) {
            if facts.upload == nil { settings.checker?.check(&facts) }
            Commands.attachHistory(&facts, snapshot)
            judged.append((facts, settings.context.judge(facts)))
            uploadOfJudged.append(upload)
        }
        // A release whose rows could not be read was judged as if there were no history: not a verdict to act on.
        if let error = snapshot?.readFailure {
            failure = GateSettings.Failure(reason: "\(error)", onError: settings.configuration.onError)
            judged = []
            uploadOfJudged = []
        }
    }

    /// One artefact's documents, with the contents of a source package's tarballs; a failure is a problem.
    private mutating func read(_ path: String) -> [PackageFacts] {
        do {
            var packages = try ArtifactReader.read(path: path).compactMap(\.package)
            for i in packages.indices {
                if let problem = try Self.inspectTarballs(
                    of: &packages[i], path: path, database: settings.m4Database, history: settings.history)
                {
                    uninspected.append(problem)
                }
            }
            return packages
        } catch let error as HistoryError {
            historyFailure = historyFailure ?? error
            return []
        } catch {
            problems.append(ArtifactReader.problem(error, path: path))
            return []
        }
    }

    /// Fills in what a source package's or tarball's tarballs hold (`integrity`), as gates, reports and `facts`
    /// judge them; a problem when they cannot be read (the package is then judged without them). Other artefacts,
    /// and a source package with no upstream tarball, are left as they are.
    ///
    /// - Throws: when the history (the previous release's test data, m4 files) could not be read: that is Tollgate
    ///   failing to judge, not a tarball that could not be read.
    static func inspectTarballs(
        of facts: inout PackageFacts, path: String, database: M4Database?, history: HistoryStore?
    ) throws(HistoryError) -> Problem? {
        guard ["dsc", "tarball"].contains(facts.artifact.format) || path.hasSuffix(".src.rpm") else { return nil }
        do {
            facts.integrity = try tarballIntegrity(path: path, facts: facts, database: database, history: history)
        } catch is DriftSources.NoTarball {
        } catch let error as HistoryError {
            throw error
        } catch {
            return ArtifactReader.problem(error, path: path)
        }
        return nil
    }

    /// A source package's tarballs read and inspected without a git side (macros, build indicators, test data),
    /// against the previous release the history holds, when there is one (test data new or changed since).
    private static func tarballIntegrity(
        path: String, facts: PackageFacts, database: M4Database?, history: HistoryStore? = nil
    ) throws -> IntegrityFacts {
        let sources = try DriftSources.read(path: path, name: facts.name, version: facts.version, known: facts)
        var input = DriftInput()
        input.tarballs = sources.tarballs
        input.files = sources.contents.files
        input.archiveProblems = sources.contents.problems
        input.packagingBuildFiles = sources.packagingBuildFiles
        input.database = database
        if let history {
            let context = try history.driftContext(for: facts, tarballFiles: input.files.map(\.path))
            input.previous = context.previous
            input.m4Elsewhere = context.m4Elsewhere
        }
        return DriftAnalyzer.analyze(input)
    }

    /// Whether a verdict lets its package through.
    func admits(_ verdict: Verdict) -> Bool {
        verdict.decision == .allow || (verdict.decision == .warn && !settings.failOnWarn)
    }

    /// Whether a package was blocked or an input could not be read: a transaction (apt's, dnf's) then installs
    /// nothing.
    var stoppedAny: Bool { !problems.isEmpty || judged.contains { !admits($0.verdict) } }

    /// Records in the history (when one is configured) the run, every verdict included, and the releases that went
    /// through: those the gate admitted — of an upload, all or none: one of its packages blocked rejects it whole —
    /// and none when `nothingWentThrough` (apt installs nothing once one is blocked). A blocked release was neither
    /// published nor installed, and recording it (or the `.changes` that carried it) would make its signer and
    /// people "seen before" when the same release, or the next one, is tried again.
    func record(sources: [String], nothingWentThrough: Bool = false) throws {
        guard let history = settings.history else { return }
        let rejected = unreadableUploads.union(
            zip(judged, uploadOfJudged).compactMap { admits($0.0.verdict) ? nil : $0.1 })
        let through = zip(judged, uploadOfJudged).filter { judged, upload in
            admits(judged.verdict) && !(upload.map(rejected.contains) ?? false)
        }
        try history.ingest(nothingWentThrough ? [] : through.map(\.0.facts))
        try history.recordRun(
            profile: settings.context.engine.profile.name, sources: sources,
            results: judged.map { HistoryStore.RunResult(facts: $0.facts, verdict: $0.verdict) })
    }

    /// The exit status: an unreadable input first, then a denial, then a warning that fails.
    func status() -> ExitStatus {
        Commands.status(problems: problems.count, verdicts: judged.map(\.verdict), failOnWarn: settings.failOnWarn)
    }

    private func standard(_ path: String) -> String { (path as NSString).standardizingPath }
}
