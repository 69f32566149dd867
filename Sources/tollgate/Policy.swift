import ArgumentParser
import TollgateKit

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test, lint and document a policy directory.",
        subcommands: [Test.self, Lint.self, Docs.self]
    )

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's trigger and pass examples.",
            discussion: "Exit status: 0 every example behaves; 1 an example fails; 2 the policies do not load."
        )

        @Argument(help: "Policy directory (default: the one scan uses).")
        var directory: String?

        @Flag(help: "Also run the CEL conformance cases and print the pass count per file.")
        var conformance = false

        @Option(help: "Directory of the CEL conformance cases (default: ../shared/cel-conformance).")
        var conformanceDirectory: String = "../shared/cel-conformance"

        func run() throws {
            let status = Commands.policyTest(
                directory: directory, conformance: conformance ? conformanceDirectory : nil)
            if status != .ok { try fail(with: status) }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a policy directory strictly and report every problem as path:line:col.",
            discussion: "Exit status: 0 it loads; 2 it does not (every problem is listed)."
        )

        @Argument(help: "Policy directory (default: the one scan uses).")
        var directory: String?

        func run() throws {
            let status = Commands.policyLint(directory: directory)
            if status != .ok { try fail(with: status) }
        }
    }

    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the policy directory's README.md from its rule files.",
            discussion: "With --check, only compare: exit 1 when README.md is stale."
        )

        @Argument(help: "Policy directory (default: the one scan uses).")
        var directory: String?

        @Flag(help: "Do not write; fail when README.md differs from what would be written.")
        var check = false

        func run() throws {
            let status = Commands.policyDocs(directory: directory, check: check)
            if status != .ok { try fail(with: status) }
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a rule's documentation.")

    @Argument(help: "Rule id (or a former id).")
    var rule: String

    @Option(help: "Policy directory.")
    var policies: String?

    func run() throws {
        let status = Commands.explain(rule: rule, directory: policies)
        if status != .ok { try fail(with: status) }
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate one CEL expression over a fact document, for policy authors.",
        discussion: """
            The document's top-level fields are the expression's variables, as in rule conditions. The result is \
            printed as a CEL literal (true, 1u, 2.0, b"\\x00", [1, 2]). Exit status: 0 evaluated; 1 evaluation \
            error (on standard error); 2 the expression or the facts file is invalid.
            """
    )

    @Argument(help: "The CEL expression.")
    var expression: String

    @Option(help: "A fact document (JSON, as `tollgate facts` prints it).")
    var facts: String?

    @Option(help: "The time now() returns (RFC 3339 or YYYY-MM-DD).")
    var now: String?

    func validate() throws {
        if let now, PolicyArguments.date(now) == nil {
            throw ValidationError("--now must be RFC 3339 or YYYY-MM-DD, not '\(now)'")
        }
    }

    func run() throws {
        let status = Commands.eval(expression: expression, factsFile: facts, now: now.flatMap(PolicyArguments.date))
        if status != .ok { try fail(with: status) }
    }
}
