import CEL
import Foundation
import TollgateCore
import TollgatePolicy

/// The work behind `tollgate policy …`, `tollgate explain` and `tollgate eval`.
extension Commands {
    static func loadPolicy(_ directory: String?, now: Date? = nil) -> PolicySet? {
        guard let directory = directory ?? PolicyContext.locate() else {
            Terminal.err("tollgate: error: no policy directory found: give one")
            return nil
        }
        do {
            return try PolicyLoader.load(
                directory: directory, options: PolicyOptions(now: now ?? Date(), comparators: .native))
        } catch {
            for d in error.diagnostics { Terminal.err(d.description) }
            Terminal.err("tollgate: \(error.diagnostics.count) error(s); nothing was loaded")
            return nil
        }
    }

    /// `tollgate policy lint [DIR]`: loads strictly and reports every problem.
    public static func policyLint(directory: String?) -> ExitStatus {
        guard let policy = loadPolicy(directory) else { return .inputError }
        Terminal.out("\(policy.directory): \(policy.rules.count) rule(s), \(policy.profiles.count) profile(s): ok\n")
        return .ok
    }

    /// `tollgate policy test [DIR]`: runs every rule's examples; with `conformance`, also the CEL conformance cases.
    public static func policyTest(directory: String?, conformance: String?) -> ExitStatus {
        guard let policy = loadPolicy(directory) else { return .inputError }
        let results = ExampleRunner.run(policy)
        var failed = 0
        for result in results {
            Terminal.out("\(result.passed ? "ok  " : "FAIL") \(result.rule) (\(result.examples) examples)\n")
            for failure in result.failures { Terminal.err(failure) }
            if !result.passed { failed += 1 }
        }
        let total = results.map(\.examples).reduce(0, +)
        Terminal.out("\(results.count) rule(s), \(total) example(s), \(failed) rule(s) failing\n")
        var status: ExitStatus = failed > 0 ? .deny : .ok
        if let conformance {
            do {
                let files = try CELConformance.run(directory: URL(fileURLWithPath: conformance))
                for file in files { Terminal.out("conformance \(file.file): \(file.passed)/\(file.count) passed\n") }
                let passed = files.map(\.passed).reduce(0, +)
                let count = files.map(\.count).reduce(0, +)
                Terminal.out(
                    String(
                        format: "conformance total: %d/%d passed (%.1f%%)\n", passed, count,
                        Double(passed) * 100 / Double(max(count, 1))))
            } catch {
                Terminal.err(
                    "tollgate: error: \(conformance): cannot read the conformance cases: "
                        + Problem(path: conformance, error: error).reason)
                status = .inputError
            }
        }
        return status
    }

    /// `tollgate policy docs [DIR]`: writes `README.md` of the policy directory; with `check`, only compares.
    public static func policyDocs(directory: String?, check: Bool) -> ExitStatus {
        guard let policy = loadPolicy(directory) else { return .inputError }
        let path = (policy.directory as NSString).appendingPathComponent("README.md")
        let text = PolicyDocumentation.readme(policy)
        if check {
            let current = try? String(contentsOfFile: path, encoding: .utf8)
            if current == text { return .ok }
            Terminal.err("\(path): out of date: run `tollgate policy docs \(policy.directory)`")
            return .deny
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            Terminal.err("tollgate: error: \(Problem(path: path, error: error))")
            return .inputError
        }
        Terminal.out("wrote \(path)\n")
        return .ok
    }

    /// `tollgate explain RULE`.
    public static func explain(rule id: String, directory: String?) -> ExitStatus {
        guard let policy = loadPolicy(directory) else { return .inputError }
        guard let rule = policy.rule(id) else {
            Terminal.err("tollgate: error: no rule '\(id)' (rules: \(policy.rules.map(\.id).joined(separator: ", ")))")
            return .inputError
        }
        Terminal.out(PolicyDocumentation.explain(rule))
        return .ok
    }

    /// `tollgate eval EXPR [--facts FILE]`: one expression over one fact document (or none), printed as a CEL literal.
    public static func eval(expression: String, factsFile: String?, now: Date?) -> ExitStatus {
        let environment = FactsEnvironment(comparators: .native, now: now ?? Date())
        let program: CELProgram
        do {
            program = try environment.cel.compile(expression)
        } catch {
            for d in error.diagnostics { Terminal.err("<expression>:\(d.line):\(d.column): error: \(d.message)") }
            return .inputError
        }
        var activation = environment.cel.activation()
        if let factsFile {
            do {
                activation = environment.activation(for: try FactFile.read(factsFile))
            } catch {
                Terminal.err("\(error)")
                return .inputError
            }
        }
        do {
            let value = try program.evaluate(activation)
            Terminal.out(value.literal + "\n")
            return .ok
        } catch {
            Terminal.err("tollgate: evaluation error: \(error.message)")
            return .deny
        }
    }
}

/// A fact document from a JSON file: an object, or the one-element array `tollgate facts` prints.
enum FactFile {
    static func read(_ path: String) throws -> DynamicFactObject {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceDiagnostic(SourcePosition(file: path), "cannot read the file")
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw SourceDiagnostic(SourcePosition(file: path), "not UTF-8")
        }
        var value: UntypedValue
        do {
            value = try FactDocumentReader.parseJSON(text)
        } catch {
            throw SourceDiagnostic(SourcePosition(file: path), "\(error)")
        }
        if case .list(let items) = value {
            guard items.count == 1 else {
                throw SourceDiagnostic(
                    SourcePosition(file: path), "holds \(items.count) documents; give a file with one")
            }
            value = items[0]
        }
        // A `verdict` beside the facts (tollgate facts output) is not a fact.
        if case .map(let entries) = value { value = .map(entries.filter { $0.key != "verdict" }) }
        return try FactDocumentReader().object(value) { path0 in SourcePosition(file: path, line: nil, column: nil) }
    }
}
