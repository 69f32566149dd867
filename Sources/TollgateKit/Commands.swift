import Foundation
import TollgateCore
import TollgateHistory

/// The work behind `tollgate facts` and `tollgate scan`, kept out of the argument parser.
public enum Commands {
    /// Output formats.
    public enum Format: String, Sendable, CaseIterable {
        case table, json
    }

    /// How a run judges packages: with the policies (default), or not at all (`--no-policy`).
    public enum Judging: Sendable {
        case off
        case policies(PolicyContext.Options)
    }

    /// What a run brings besides the inputs: keyrings to verify signatures against.
    public struct RunOptions: Sendable {
        /// Keyring files (`--keyring`); signatures stay unverified without any.
        public var keyrings: [String] = []
        /// The history database (`--db`); nil uses the default one when it exists.
        public var database: String?
        /// Do not consult any history (`--no-history`).
        public var noHistory = false
        /// Creates default options.
        public init() {}

        /// The database to consult, if any: the explicit one, else the default when it exists.
        var historyPath: String? {
            if noHistory { return nil }
            if let database { return database }
            return FileManager.default.fileExists(atPath: HistoryStore.defaultPath) ? HistoryStore.defaultPath : nil
        }
    }

    /// The history of a run: a snapshot of the database, or nil (documents then say the history is absent).
    static func history(_ options: RunOptions) -> Result<HistorySnapshot?, ExitStatus> {
        guard let path = options.historyPath else { return .success(nil) }
        do {
            return .success(try HistoryStore.existing(path: path, comparators: .native).snapshot())
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .failure(.inputError)
        }
    }

    /// Adds history facts to a document (or says the history is absent).
    static func attachHistory(_ facts: inout PackageFacts, _ history: HistorySnapshot?) {
        facts.sharedHistory = history?.sharedHistory(for: facts) ?? absentHistory
    }

    /// The history rows of a release could not be read: it was judged as if there were no history.
    static func historyProblem(_ failure: HistoryError) -> Problem {
        Problem(
            path: failure.path,
            reason: "\(failure.reason); packages whose history could not be read were judged without it")
    }

    /// The history of every document judged without a history database: one object, shared by all of them.
    static let absentHistory = Boxed(HistoryFacts(available: false))

    /// The signature checker of a run, or nil without keyrings; failures are reported on standard error.
    static func checker(_ options: RunOptions, now: Date = Date()) -> Result<SignatureChecker?, ExitStatus> {
        do {
            let checker = try SignatureChecker(keyringFiles: try keyringFiles(options.keyrings), now: now)
            checker.notes.forEach(Terminal.err)
            return .success(checker)
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .failure(.inputError)
        }
    }

    /// The keyring files named by `--keyring`: a file as given, a directory as every public key file in it (`.asc`,
    /// `.gpg`, `.pgp`, `.pub`, `.key`, `.pkey`; armored files without a public key block, such as secret keys, are
    /// passed over).
    static func keyringFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Problem(path: path, reason: "no such keyring file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            for name in names.sorted()
            where [".asc", ".gpg", ".pgp", ".pub", ".key", ".pkey"].contains(where: name.hasSuffix) {
                let file = (path as NSString).appendingPathComponent(name)
                guard let data = fm.contents(atPath: file) else { continue }
                let armored = data.first.map { $0 & 0x80 == 0 } ?? false
                if armored, !String(decoding: data, as: UTF8.self).contains("-----BEGIN PGP PUBLIC KEY BLOCK-----") {
                    continue
                }
                files.append(file)
            }
        }
        return files
    }

    /// Loads the policy context of a run, reporting load errors (all of them) on standard error.
    static func context(for judging: Judging) -> Result<PolicyContext?, ExitStatus> {
        guard case .policies(let options) = judging else { return .success(nil) }
        do {
            return .success(try PolicyContext.load(options))
        } catch {
            for line in "\(error)".split(separator: "\n") {
                Terminal.err(line.contains(": error: ") ? String(line) : "tollgate: error: \(line)")
            }
            return .failure(.inputError)
        }
    }

    /// The policies and the signature checker of a run (what every judging command needs first); failures are
    /// reported on standard error.
    static func prepare(
        _ judging: Judging, _ options: RunOptions
    ) -> Result<(PolicyContext?, SignatureChecker?), ExitStatus> {
        let context: PolicyContext?
        switch Self.context(for: judging) {
        case .success(let c): context = c
        case .failure(let status): return .failure(status)
        }
        switch Self.checker(options, now: context?.engine.now ?? Date()) {
        case .success(let checker): return .success((context, checker))
        case .failure(let status): return .failure(status)
        }
    }

    /// What `prepare` gives, and the history snapshot (for the commands that judge documents against it).
    static func prepareWithHistory(
        _ judging: Judging, _ options: RunOptions
    ) -> Result<(PolicyContext?, SignatureChecker?, HistorySnapshot?), ExitStatus> {
        prepare(judging, options).flatMap { context, checker in
            history(options).map { (context, checker, $0) }
        }
    }

    /// The exit status of a run: an input error wins, then a denial, then a warning when warnings fail.
    static func status(problems: Int, verdicts: [Verdict], failOnWarn: Bool) -> ExitStatus {
        if problems > 0 { return .inputError }
        if verdicts.contains(where: { $0.decision == .deny }) { return .deny }
        if failOnWarn, verdicts.contains(where: { $0.decision == .warn }) { return .warn }
        return .ok
    }

    /// The exit status of a run whose warnings fail when the profile says so.
    static func status(problems: Int, verdicts: [Verdict], context: PolicyContext?) -> ExitStatus {
        status(problems: problems, verdicts: verdicts, failOnWarn: context?.engine.profile.failOnWarn == true)
    }

    /// `tollgate facts ARTIFACT…`: prints every document as a JSON array (with its verdict when judged); problems
    /// go to standard error.
    public static func facts(paths: [String], judging: Judging = .off, options: RunOptions = RunOptions()) -> ExitStatus
    {
        let context: PolicyContext?
        let checker: SignatureChecker?
        let history: HistorySnapshot?
        switch prepareWithHistory(judging, options) {
        case .success(let prepared): (context, checker, history) = prepared
        case .failure(let status): return status
        }
        var documents: [FactDocument] = []
        var problems: [Problem] = []
        var uninspected: [Problem] = []
        // A source package's or tarball's document carries what its tarballs hold, as a gate judges it.
        let store = options.historyPath.flatMap { try? HistoryStore.existing(path: $0, comparators: .native) }
        for path in paths {
            do {
                for var document in try ArtifactReader.read(path: path) {
                    if var package = document.package {
                        if let problem = try GateRun.inspectTarballs(
                            of: &package, path: path, database: nil, history: store)
                        {
                            uninspected.append(problem)
                        }
                        document = .package(package)
                    }
                    documents.append(document)
                }
            } catch let error as HistoryError {
                problems.append(historyProblem(error))
            } catch {
                problems.append(ArtifactReader.problem(error, path: path))
            }
        }
        documents = documents.map { document in
            guard var package = document.package else { return document }
            checker?.check(&package)
            attachHistory(&package, history)
            return .package(package)
        }
        if let failure = history?.readFailure { problems.append(historyProblem(failure)) }
        var verdicts: [Verdict] = []
        let values: [FactValue] = documents.map { document in
            guard let context, let package = document.package else { return .object(document.object) }
            let verdict = context.judge(package)
            verdicts.append(verdict)
            return .object(JudgedDocument(document: package, verdict: verdict))
        }
        Terminal.out(JSONWriter().string(.list(values)) + "\n")
        for problem in problems { Terminal.err("tollgate: error: \(problem)") }
        warnUninspected(uninspected)
        context?.waiverNotes().forEach(Terminal.err)
        return status(problems: problems.count, verdicts: verdicts, context: context)
    }

    /// `tollgate scan PATH…`: walks the paths and prints what it found, judged when policies are on.
    public static func scan(
        paths: [String], format: Format, deep: Bool, judging: Judging = .off, options: RunOptions = RunOptions()
    ) -> ExitStatus {
        let context: PolicyContext?
        let checker: SignatureChecker?
        let history: HistorySnapshot?
        switch prepareWithHistory(judging, options) {
        case .success(let prepared): (context, checker, history) = prepared
        case .failure(let status): return status
        }
        var facts: [PackageFacts] = []
        var problems: [Problem] = []
        let progress = ProgressLine()
        var options = Scanner.Options()
        options.deep = deep
        // History facts are added on the judge's workers, to documents the reading thread no longer holds.
        let judge = context.map {
            ParallelJudge(engine: $0.engine, keepsFacts: true) { package in attachHistory(&package, history) }
        }
        let scanner = Scanner(
            options: options, progress: { progress.update($0) },
            report: { problems.append($0) },
            emit: { read in
                var package = read
                checker?.check(&package)
                progress.tick()
                if let judge {
                    judge.add(package)
                } else {
                    attachHistory(&package, history)
                    facts.append(package)
                }
            }
        )
        scanner.scan(paths)
        let judged = judge?.finishKeepingFacts()
        progress.finish()
        if let failure = history?.readFailure { problems.append(historyProblem(failure)) }
        let verdicts = judged?.map(\.verdict) ?? []
        let packages: [(PackageFacts, Verdict?)] = judged?.map { ($0.facts, $0.verdict) } ?? facts.map { ($0, nil) }
        switch format {
        case .table:
            let table = ScanTable(extraHeaders: context == nil ? [] : ["SCORE", "DECISION", "FINDINGS"])
            Terminal.out(
                table.render(
                    packages.map { facts, verdict in
                        ScanTable.cells(facts)
                            + (verdict.map { [String($0.score), $0.decision.rawValue, $0.topFindings()] } ?? [])
                    }
                )
            )
            var summary = "\(packages.count) package(s), \(problems.count) problem(s)"
            if context != nil {
                summary += ": " + Decision.summary(Decision.counts(verdicts.lazy.map(\.decision)))
            }
            Terminal.out(summary + "\n")
        case .json:
            let problemValues = problems.map { p in
                FactValue.map([(key: "path", value: .string(p.path)), (key: "reason", value: .string(p.reason))])
            }
            var entries: [(key: String, value: FactValue)] = [
                ("packages", .list(packages.map { .object(JudgedDocument(document: $0.0, verdict: $0.1)) })),
                ("problems", .list(problemValues)),
            ]
            if let context {
                entries.append(("profile", .string(context.engine.profile.name)))
            }
            Terminal.out(JSONWriter().string(.map(entries)) + "\n")
        }
        for problem in problems { Terminal.err("tollgate: error: \(problem)") }
        context?.waiverNotes().forEach(Terminal.err)
        return status(problems: problems.count, verdicts: verdicts, context: context)
    }
}
