import Foundation
import TollgateCore

/// `tollgate gate`: the check before publishing.
extension Commands {
    /// Outputs of a gate.
    public enum GateFormat: String, Sendable, CaseIterable {
        case table, json, sarif
    }

    /// Exit statuses of gates, for help texts.
    public static let gateStatusDocumentation = """
        Exit status: 0 allowed (or warned, when warnings do not fail); 1 denied — also when Tollgate cannot judge \
        and on_error is deny (the default); 2 an input could not be read; 3 warned, when fail_on_warn is set; 64 \
        usage error.
        """

    /// Judges uploads, source and binary packages before they are published.
    public static func gate(paths: [String], format: GateFormat, options: GateOptions) -> ExitStatus {
        let settings: GateSettings
        switch GateSettings.load(options) {
        case .success(let s): settings = s
        case .failure(let failure): return cannotJudge(failure)
        }
        if let input = options.factsInput { return gateMetadata(input, format: format, settings: settings) }
        var run = GateRun(settings: settings)
        if let directory = options.locateIn {
            let (found, missing) = locate(paths, in: directory)
            run.run(found)
            run.problems += missing
        } else {
            run.run(paths)
        }
        if let failure = run.failure { return cannotJudge(failure) }
        switch format {
        case .table: Terminal.out(gateTable(run.judged))
        case .json:
            let packages: [FactValue] = run.judged.map {
                .object(JudgedDocument(document: $0.facts, verdict: $0.verdict))
            }
            Terminal.out(
                JSONWriter().string(
                    .map([
                        ("tollgate", .string(TollgateVersion.string)),
                        ("profile", .string(settings.context.engine.profile.name)),
                        ("packages", .list(packages)),
                        (
                            "problems",
                            .list(
                                run.problems.map { .map([("path", .string($0.path)), ("reason", .string($0.reason))]) })
                        ),
                        ("totals", totals(run.judged.map(\.verdict))),
                    ])) + "\n")
        case .sarif:
            Terminal.out(
                JSONWriter().string(
                    SARIFLog.log(run.judged, context: settings.context, toolVersion: TollgateVersion.string))
                    + "\n")
        }
        for problem in run.problems { Terminal.err("tollgate: error: \(problem)") }
        warnUninspected(run.uninspected)
        settings.context.waiverNotes().forEach(Terminal.err)
        do {
            try run.record(sources: paths, nothingWentThrough: options.transaction && run.stoppedAny)
        } catch {
            Terminal.err("tollgate: warning: the history was not updated: \(error)")
        }
        return run.status()
    }

    /// Paths dnf5 gives (a repository package's location, relative to its repository), looked up by base name under
    /// `directory` (recursively): the one file of that name there — never a file of that path under the current
    /// directory. An absolute path (a local package) is taken as it is. A name with no file there, or with several
    /// (the caches of two repositories), is a problem: refused rather than judging another file than the one dnf5
    /// installs.
    static func locate(_ paths: [String], in directory: String) -> (found: [String], missing: [Problem]) {
        var index: [String: [String]] = [:]
        for item in (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? [] {
            index[(item as NSString).lastPathComponent, default: []].append(
                (directory as NSString).appendingPathComponent(item))
        }
        var found: [String] = []
        var missing: [Problem] = []
        for path in paths {
            if path.hasPrefix("/") {
                found.append(path)
                continue
            }
            let matches = index[(path as NSString).lastPathComponent] ?? []
            if matches.count == 1 {
                found.append(matches[0])
            } else {
                missing.append(
                    Problem(
                        path: path,
                        reason: matches.isEmpty
                            ? "no file of this name under \(directory)"
                            : "\(matches.count) files of this name under \(directory); not judged"))
            }
        }
        return (found, missing)
    }

    /// Judges fact documents given as JSON (one object or a list): what a package manager knows before it downloads.
    static func gateMetadata(_ input: String, format: GateFormat, settings: GateSettings) -> ExitStatus {
        let bytes: [UInt8]
        if input == "-", let read = readToEnd(0) {
            bytes = read
        } else if input != "-", let data = FileManager.default.contents(atPath: input) {
            bytes = Array(data)
        } else {
            Terminal.err("tollgate: error: \(input): cannot read the fact documents")
            return .inputError
        }
        // Bytes that are not UTF-8 are refused, not read as U+FFFD.
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            Terminal.err("tollgate: error: \(input == "-" ? "<stdin>" : input): the fact documents are not UTF-8")
            return .inputError
        }
        var documents: [DynamicFactObject] = []
        let position = SourcePosition(file: input == "-" ? "<stdin>" : input, line: nil, column: nil)
        do {
            let value = try FactDocumentReader.parseJSON(text)
            let items: [UntypedValue]
            if case .list(let list) = value { items = list } else { items = [value] }
            for (i, item) in items.enumerated() {
                let document = try FactDocumentReader().object(item, path: "[\(i)]") { _ in position }
                // A document of another version of the contract may mean other things by the same fields.
                if case .int(let version)? = document.fields["schema_version"], version != PackageFacts.schemaVersion {
                    throw SourceDiagnostic(
                        position,
                        "'[\(i)].schema_version' is \(version): this Tollgate reads fact documents of version "
                            + "\(PackageFacts.schemaVersion)")
                }
                documents.append(document)
            }
        } catch let diagnostic as SourceDiagnostic {
            Terminal.err("\(diagnostic)")
            return .inputError
        } catch {
            Terminal.err("tollgate: error: \(Problem(path: position.file, error: error))")
            return .inputError
        }
        let judged = documents.map { ($0, settings.context.judge($0)) }
        func field(_ object: DynamicFactObject, _ name: String) -> String {
            if case .string(let s)? = object.fields[name] { return s }
            return "?"
        }
        switch format {
        case .table, .sarif:
            var lines = ["DECISION  SCORE  PACKAGE" + String(repeating: " ", count: 34) + "FINDINGS"]
            for (document, verdict) in judged {
                let package = "\(field(document, "name")) \(field(document, "version")) (metadata)".terminalSafe
                lines.append(
                    verdict.decision.rawValue.padding(toLength: 10) + String(verdict.score).leftPadded(5) + "  "
                        + package.padding(toLength: 42)
                        + (verdict.findings.isEmpty ? "-" : verdict.topFindings(3).terminalSafe))
            }
            lines.append("\(judged.count) package(s) judged on metadata")
            Terminal.out(lines.joined(separator: "\n") + "\n")
        case .json:
            Terminal.out(
                JSONWriter().string(
                    .map([
                        ("tollgate", .string(TollgateVersion.string)),
                        ("profile", .string(settings.context.engine.profile.name)),
                        ("packages", .list(judged.map { .object(JudgedDocument(document: $0.0, verdict: $0.1)) })),
                        ("problems", .list([])), ("totals", totals(judged.map(\.1))),
                    ])) + "\n")
        }
        return status(problems: 0, verdicts: judged.map(\.1), failOnWarn: settings.failOnWarn)
    }

    /// When Tollgate itself fails, a gate decides by `on_error`: deny (the default) or allow — saying so either way.
    static func cannotJudge(_ failure: GateSettings.Failure) -> ExitStatus {
        printReason(failure)
        if failure.onError == "allow" {
            Terminal.err("tollgate: warning: cannot judge; allowing, as on_error is allow")
            return .ok
        }
        Terminal.err("tollgate: error: cannot judge; denying, as on_error is deny")
        return .deny
    }

    /// Says which source packages were judged without their tarballs' contents (not an error: a revision upload
    /// carries no orig tarball).
    static func warnUninspected(_ problems: [Problem]) {
        for problem in problems {
            Terminal.err("tollgate: warning: tarball contents not inspected (judged without them): \(problem)")
        }
    }

    /// Prints why settings could not be loaded, a line each (lines already placed as `path:line:col: error:` as
    /// they are).
    static func printReason(_ failure: GateSettings.Failure) {
        for line in failure.reason.split(separator: "\n") {
            Terminal.err(line.contains(": error: ") ? String(line) : "tollgate: error: \(line)")
        }
    }

    static func totals(_ verdicts: [Verdict]) -> FactValue {
        let counts = Decision.counts(verdicts.lazy.map(\.decision))
        return .map(
            [("packages", .int(Int64(verdicts.count)))]
                + Decision.allCases.map { (key: $0.rawValue, value: FactValue.int(Int64(counts[$0] ?? 0))) })
    }

    /// One line per package — decision, score, package, strongest findings — then the totals.
    static func gateTable(_ judged: [(facts: PackageFacts, verdict: Verdict)]) -> String {
        var lines = ["DECISION  SCORE  PACKAGE" + String(repeating: " ", count: 34) + "FINDINGS"]
        for (facts, verdict) in judged {
            let package = "\(facts.name) \(facts.version) (\(facts.artifact.format))".terminalSafe
            var line =
                verdict.decision.rawValue.padding(toLength: 10) + String(verdict.score).leftPadded(5) + "  "
                + (package.count > 40 ? String(package.prefix(39)) + "…" : package).padding(toLength: 42)
            line += verdict.findings.prefix(2).map { "\($0.ruleID): \(String($0.message.prefix(90)))".terminalSafe }
                .joined(separator: "; ")
            if verdict.findings.count > 2 { line += " (+\(verdict.findings.count - 2) more)" }
            if verdict.findings.isEmpty { line += "-" }
            lines.append(line)
        }
        lines.append(
            "\(judged.count) package(s): " + Decision.summary(Decision.counts(judged.lazy.map(\.verdict.decision))))
        return lines.joined(separator: "\n") + "\n"
    }
}
