import Foundation
import Synchronization
import TollgateArchive
import TollgateCore
import TollgateDrift
import TollgateHistory
import TollgateSource

/// The work behind `tollgate drift` and `tollgate m4db`.
extension Commands {
    /// What `tollgate drift` compares the tarball with, and how.
    public struct DriftOptions: Sendable {
        /// A local git repository (bare or not) and the revision to compare with (default: the release's tag).
        public var gitRepository: String?
        public var ref: String?
        /// A saved `git ls-tree -r` listing.
        public var gitTree: String?
        /// The known-good m4 database (default: the built one under the state directory, else the installed
        /// packages' macros).
        public var m4Database: String?
        public var name: String?
        public var version: String?
        public var format: Format = .table
        /// Creates default options.
        public init() {}
    }

    /// The default m4 database file: `$XDG_STATE_HOME/tollgate/m4db.tsv`.
    public static var defaultM4DatabasePath: String {
        ((HistoryStore.defaultPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "m4db.tsv")
    }

    /// The m4 database a run uses: the named file, the default file, or one built from the installed packages.
    static func m4Database(_ path: String?) -> Result<M4Database, ExitStatus> {
        let file = path ?? (FileManager.default.fileExists(atPath: defaultM4DatabasePath) ? defaultM4DatabasePath : nil)
        do {
            if let file { return .success(try M4Database.load(path: file)) }
            var (db, _) = try M4DatabaseBuilder.build()
            db.path = "installed packages"
            return .success(db)
        } catch {
            Terminal.err(error is M4DatabaseError ? "\(error)" : "tollgate: error: \(error)")
            return .failure(.inputError)
        }
    }

    /// The fact document of a drift comparison: the artefact's facts with `integrity` (and signatures, history).
    public static func driftFacts(
        path: String, drift: DriftOptions, options: RunOptions, database: () -> M4Database?, checker: SignatureChecker?,
        history: HistoryStore?
    ) throws -> PackageFacts {
        var sources = try DriftSources.read(path: path, name: drift.name, version: drift.version)
        var input = DriftInput()
        input.tarballs = sources.tarballs
        input.files = sources.contents.files
        input.archiveProblems = sources.contents.problems
        input.database = database()
        input.packagingBuildFiles = sources.packagingBuildFiles
        input.decode = { bytes in
            switch ArchiveReader.decode(bytes) {
            case .decodes: true
            case .fails: false
            case .notCompressed: nil
            }
        }
        if let listing = drift.gitTree {
            guard let data = FileManager.default.contents(atPath: listing) else {
                throw Problem(path: listing, reason: "cannot read the git tree listing")
            }
            let (entries, rejected) = GitTreeEntry.parseListing(String(decoding: data, as: UTF8.self))
            if let (line, reason) = rejected.first {
                throw Problem(path: "\(listing):\(line)", reason: reason)
            }
            input.git = ("git tree listing \((listing as NSString).lastPathComponent)", entries)
        } else if let repository = drift.gitRepository {
            let repo = try GitRepository(path: repository)
            let upstream = sources.facts.upstreamVersion.isEmpty ? sources.facts.version : sources.facts.upstreamVersion
            let candidates =
                drift.ref.map { [$0] } ?? [
                    "v\(upstream)", upstream, "\(sources.facts.name)-\(upstream)", "release-\(upstream)",
                ]
            var found: (String, [GitTreeEntry])?
            var lastError: (any Error)?
            for ref in candidates {
                do {
                    found = (ref, try repo.tree(ref: ref))
                    break
                } catch {
                    lastError = error
                }
            }
            guard let (ref, entries) = found else {
                throw Problem(
                    path: repository,
                    reason: "no tag for version \(upstream) (tried \(candidates.joined(separator: ", "))): give --ref"
                        + (lastError.map { " — \($0)" } ?? ""))
            }
            input.git = ("git \((repository as NSString).lastPathComponent) at \(ref)", entries)
        }
        if let history {
            let context = try history.driftContext(for: sources.facts, tarballFiles: input.files.map(\.path))
            input.previous = context.previous
            input.m4Elsewhere = context.m4Elsewhere
        }
        checker?.check(&sources.facts)
        var facts = sources.facts
        var integrity = DriftAnalyzer.analyze(input)
        if let history { integrity.buildDependencyRisk = try history.buildDependencyRisk(for: facts) }
        facts.integrity = integrity
        return facts
    }

    /// For the history: the test data paths and m4 macros of an upstream tarball or a `.dsc`'s orig tarballs, read
    /// without a git side or a macro database (a drift comparison later compares against them).
    static func attachTarballContents(_ facts: inout PackageFacts) {
        guard facts.integrity == nil, facts.artifact.format == "tarball" || facts.artifact.format == "dsc",
            FileManager.default.fileExists(atPath: facts.artifact.path)
        else { return }
        do {
            let sources = try DriftSources.read(path: facts.artifact.path, name: facts.name, version: facts.version)
            var input = DriftInput()
            input.tarballs = sources.tarballs
            input.files = sources.contents.files
            input.archiveProblems = sources.contents.problems
            facts.integrity = DriftAnalyzer.analyze(input)
        } catch {
            facts.warn(
                "tarball contents not recorded: \(ArtifactReader.problem(error, path: facts.artifact.path).reason)")
        }
    }

    /// `tollgate drift ARTIFACT`: the tarball against its git tree, judged.
    public static func drift(path: String, drift: DriftOptions, judging: Judging, options: RunOptions) -> ExitStatus {
        let context: PolicyContext?
        let checker: SignatureChecker?
        switch prepare(judging, options) {
        case .success(let prepared): (context, checker) = prepared
        case .failure(let status): return status
        }
        // The m4 database loads on one core while the tarball is read on the other.
        let loaded = Mutex<Result<M4Database, ExitStatus>?>(nil)
        let loader = DispatchQueue(label: "tollgate.m4db")
        loader.async { loaded.withLock { $0 = m4Database(drift.m4Database) } }
        var database: M4Database {
            loader.sync {}
            return (try? loaded.withLock { $0 }?.get()) ?? M4Database()
        }
        var store: HistoryStore?
        if let historyPath = options.historyPath {
            do {
                store = try HistoryStore.existing(path: historyPath, comparators: .native)
            } catch {
                Terminal.err("tollgate: error: \(error)")
                return .inputError
            }
        }
        var facts: PackageFacts
        do {
            facts = try driftFacts(
                path: path, drift: drift, options: options, database: { database }, checker: checker, history: store)
            if let store {
                facts.history = try store.history(for: facts)
            } else {
                facts.history = HistoryFacts(available: false)
            }
        } catch {
            Terminal.err("tollgate: error: \(ArtifactReader.problem(error, path: path))")
            return .inputError
        }
        loader.sync {}
        if case .failure(let status) = loaded.withLock({ $0 }) { return status }
        let verdict = context?.judge(facts)
        switch drift.format {
        case .json:
            let value: FactValue =
                verdict.map { .object(JudgedDocument(document: facts, verdict: $0)) } ?? .object(facts)
            Terminal.out(JSONWriter().string(value) + "\n")
        case .table:
            Terminal.out(DriftReport.text(facts, verdict: verdict))
        }
        context?.waiverNotes().forEach(Terminal.err)
        return status(problems: 0, verdicts: verdict.map { [$0] } ?? [], context: context)
    }

    /// `tollgate m4db build`: the known-good m4 database from the installed packages, written to `output`.
    public static func m4DatabaseBuild(output: String?, packages: [String]) -> ExitStatus {
        let path = output ?? defaultM4DatabasePath
        do {
            let (db, report) = try M4DatabaseBuilder.build(
                packages: packages.isEmpty ? M4DatabaseBuilder.defaultPackages : packages)
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try db.text().write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw Problem(path: path, error: error)
            }
            for p in report.packages { Terminal.out("\(p.name) \(p.version): \(p.files) m4 file(s)\n") }
            for a in report.archives { Terminal.out("\(a.path): \(a.files) m4 file(s)\n") }
            Terminal.out("\(path): \(db.count) known macro variant(s) of \(db.variants.count) name(s)\n")
            for missing in report.missing {
                Terminal.err("tollgate: note: \(missing) is not installed; its macros are not known")
            }
            return .ok
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .inputError
        }
    }
}
