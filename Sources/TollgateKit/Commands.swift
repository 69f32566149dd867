import Foundation
import TollgateCore

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
        /// Creates default options.
        public init() {}
    }

    /// The signature checker of a run, or nil without keyrings; failures are reported on standard error.
    static func checker(_ options: RunOptions) -> Result<SignatureChecker?, ExitStatus> {
        guard !options.keyrings.isEmpty else { return .success(nil) }
        do {
            let checker = try SignatureChecker(keyringFiles: options.keyrings)
            checker.notes.forEach(Terminal.err)
            return .success(checker)
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .failure(.inputError)
        }
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

    /// The exit status of a run: an input error wins, then a denial, then a warning when warnings fail.
    static func status(problems: Int, verdicts: [Verdict], context: PolicyContext?) -> ExitStatus {
        if problems > 0 { return .inputError }
        if verdicts.contains(where: { $0.decision == .deny }) { return .deny }
        if context?.engine.profile.failOnWarn == true, verdicts.contains(where: { $0.decision == .warn }) {
            return .warn
        }
        return .ok
    }

    /// `tollgate facts ARTIFACT…`: prints every document as a JSON array (with its verdict when judged); problems
    /// go to standard error.
    public static func facts(paths: [String], judging: Judging = .off, options: RunOptions = RunOptions()) -> ExitStatus {
        let context: PolicyContext?
        switch Self.context(for: judging) {
        case .success(let c): context = c
        case .failure(let status): return status
        }
        let checker: SignatureChecker?
        switch Self.checker(options) {
        case .success(let c): checker = c
        case .failure(let status): return status
        }
        var documents: [FactDocument] = []
        var problems: [Problem] = []
        for path in paths {
            do {
                documents += try ArtifactReader.read(path: path)
            } catch {
                problems.append(ArtifactReader.problem(error, path: path))
            }
        }
        if let checker {
            documents = documents.map { document in
                guard var package = document.package else { return document }
                checker.check(&package)
                return .package(package)
            }
        }
        var verdicts: [Verdict] = []
        let values: [FactValue] = documents.map { document in
            guard let context, let package = document.package else { return .object(document.object) }
            let verdict = context.judge(package)
            verdicts.append(verdict)
            return .object(JudgedDocument(document: package, verdict: verdict))
        }
        Terminal.out(JSONWriter().string(.list(values)) + "\n")
        for problem in problems { Terminal.err("tollgate: error: \(problem)") }
        context?.waiverNotes().forEach(Terminal.err)
        return status(problems: problems.count, verdicts: verdicts, context: context)
    }

    /// `tollgate scan PATH…`: walks the paths and prints what it found, judged when policies are on.
    public static func scan(
        paths: [String], format: Format, deep: Bool, judging: Judging = .off, options: RunOptions = RunOptions()
    ) -> ExitStatus {
        let context: PolicyContext?
        switch Self.context(for: judging) {
        case .success(let c): context = c
        case .failure(let status): return status
        }
        let checker: SignatureChecker?
        switch Self.checker(options) {
        case .success(let c): checker = c
        case .failure(let status): return status
        }
        var facts: [PackageFacts] = []
        var problems: [Problem] = []
        let progress = ProgressLine()
        var options = Scanner.Options()
        options.deep = deep
        let judge = context.map { ParallelJudge(engine: $0.engine) }
        let scanner = Scanner(
            options: options, progress: { progress.update($0) },
            report: { problems.append($0) },
            emit: { read in
                var package = read
                checker?.check(&package)
                progress.tick()
                facts.append(package)
                judge?.add(package)
            }
        )
        scanner.scan(paths)
        let verdicts = judge?.finish() ?? []
        progress.finish()
        let packages: [(PackageFacts, Verdict?)] = facts.enumerated().map { i, f in
            (f, i < verdicts.count ? verdicts[i] : nil)
        }
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
                let counts = Dictionary(grouping: verdicts, by: \.decision).mapValues(\.count)
                summary += ": " + Decision.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
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
