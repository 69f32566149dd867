import Foundation
import Testing
import TollgateCore
import TollgateKit
import TollgatePolicy
import TollgateTestSupport

/// The bundled `policies/`: every rule's examples, the meta-rules every rule file follows, and the generated README.
@Suite struct BundledPolicyTests {
    let directory = TestPaths.root.appendingPathComponent("policies").path

    @Test func everyRuleBehavesOnItsOwnExamples() throws {
        let policy = try load(directory)
        let results = ExampleRunner.run(policy)
        #expect(results.count == policy.rules.count)
        for result in results {
            #expect(result.failures.isEmpty, "\(result.rule): \(result.failures.joined(separator: "\n"))")
        }
    }

    /// A package of 200,000 files (a font or documentation collection can ship that many) is judged by every file
    /// rule: each evaluation's budget grows with the lists the document holds, so no rule gives up on it and a
    /// world-writable file at the very end is found.
    @Test func largeFileListsAreJudgedWhole() throws {
        let policy = try load(directory)
        let engine = PolicyEngine(
            policy: policy, profile: try #require(policy.profile("default")), comparators: .native)
        var package = PackageFacts(
            ecosystem: .debian, kind: .binary, name: "many-files", version: "1.0-1",
            artifact: Artifact(path: "many-files_1.0-1_all.deb", format: "deb"))
        var files = (0..<200_000).map {
            FileEntry(
                path: "/usr/share/many-files/f\($0)", kind: .file, mode: 0o644, size: 1, user: "root", group: "root")
        }
        package.files = files
        let clean = engine.evaluate(package)
        #expect(clean.errors.isEmpty, "\(clean.errors.map(\.message))")
        #expect(clean.findings.isEmpty)
        files[files.count - 1].mode = 0o666
        package.files = files
        let verdict = engine.evaluate(package)
        #expect(verdict.errors.isEmpty, "\(verdict.errors.map(\.message))")
        #expect(verdict.findings.map(\.ruleID) == ["world-writable-file"])
        #expect(verdict.findings.first?.message.contains("f199999 (file 0666)") == true)
    }

    /// The engine does not run a rule whose deciding fields a document leaves unset; on every example of every rule
    /// and on every fixture package, its findings must be exactly the rules whose conditions hold.
    @Test func rulesSparedForUnsetFieldsWouldNotHaveFired() throws {
        let policy = try load(directory)
        let profile = try #require(policy.profile("default"))
        let engine = PolicyEngine(policy: policy, profile: profile, comparators: .native)
        let spared = engine.fieldsDecidingFalse
        #expect(spared["build-reads-test-data"] == ["integrity"])
        #expect(spared["maintainer-takeover"] == ["history"])
        #expect(spared["setuid-file"] == ["files"])
        #expect(spared["bad-signature"] == ["signatures", "rpm"])
        #expect(spared["unsigned-package"] == ["ecosystem"], "a field every real package sets: never spared")
        // An empty signature list spares it too; `rpm` is tested for presence (`has(facts.rpm)`), so only unset does.
        #expect(engine.fieldsDecidingFalseWhenSet["bad-signature"] == ["signatures"])
        // A history that says it is absent spares the history rules: they read `available` first.
        #expect(engine.fieldsDecidingFalseWhenSet["maintainer-takeover"] == ["history.available"])
        #expect(spared.count >= 15, "most rules are guarded by a field an index entry leaves unset")

        var documents: [any FactObject] = policy.rules.flatMap {
            ($0.triggerExamples + $0.passExamples).map(\.document)
        }
        Scanner(report: { _ in }, emit: { documents.append($0) }).scan(
            ["debian-repo", "rpm-repo", "history", "upstream"].map { TestPaths.fixture($0) })
        #expect(documents.count > 100)
        // The same documents as `scan` judges them without a history database, saying their history is absent.
        documents += documents.compactMap { document in
            guard var package = document as? PackageFacts, package.history == nil else { return nil }
            package.history = HistoryFacts(available: false)
            return package
        }
        var fired = 0
        for document in documents {
            let ecosystem = document.factField("ecosystem")?.stringValue ?? ""
            let kind = document.factField("kind")?.stringValue ?? ""
            var expected: Set<String> = []
            for rule in policy.rules where profile.isEnabled(rule) && rule.applies(ecosystem: ecosystem, kind: kind) {
                let program = try policy.environment.cel.compile(rule.conditionSource)
                if (try? program.evaluate(policy.environment.activation(for: document))) == .bool(true) {
                    expected.insert(rule.id)
                }
            }
            let verdict = engine.evaluate(document)
            let found = Set((verdict.findings + verdict.waived).filter { !$0.isRuleError }.map(\.ruleID))
            #expect(found == expected, "\(document.factField("name")?.stringValue ?? "?")")
            fired += expected.count
        }
        #expect(fired > 30, "the documents fire rules, so the comparison means something")
    }

    @Test func aDocumentWhoseHistoryIsAbsentRunsNoHistoryRule() throws {
        let policy = try load(directory)
        let engine = PolicyEngine(
            policy: policy, profile: try #require(policy.profile("default")), comparators: .native)
        let index = TestPaths.fixture("debian-repo/dists/stable/main/binary-amd64/Packages")
        let entry = try #require(try ArtifactReader.read(path: index).first?.package)
        #expect(entry.artifact.format == "packages-index")
        var absent = entry
        absent.history = HistoryFacts(available: false)
        var available = entry
        available.history = HistoryFacts(available: true)
        func rulesRun(_ facts: PackageFacts) -> Int {
            let evaluator = engine.evaluator()
            _ = evaluator.evaluate(facts)
            return evaluator.rulesRun
        }
        #expect(rulesRun(absent) == rulesRun(entry), "history.available false reads as an unset history")
        #expect(rulesRun(available) > rulesRun(absent) + 3, "an available history runs the history rules")
    }

    @Test func everyRuleFileFollowsTheConventions() throws {
        let policy = try load(directory)
        #expect(policy.rules.count >= 8)
        for rule in policy.rules {
            #expect(((rule.file as NSString).lastPathComponent as NSString).deletingPathExtension == rule.id)
            #expect(
                !rule.triggerExamples.isEmpty && !rule.passExamples.isEmpty, "\(rule.id) needs both kinds of example")
            #expect(rule.description.count > 80, "\(rule.id): say what it detects and why it matters")
            #expect(!rule.tags.isEmpty, "\(rule.id) has no tags")
            let text = try String(contentsOfFile: rule.file, encoding: .utf8).lowercased()
            for word in ["xz", "lzma", "jia tan", "jiat", "tukaani", "build-to-host"] {
                #expect(
                    !text.contains(word),
                    "\(rule.id) names an incident ('\(word)'): catch the pattern, not the instance")
            }
        }
        #expect(policy.profile("default") != nil)
    }

    @Test func readmeIsGeneratedFromTheRuleFiles() throws {
        let policy = try load(directory)
        let committed = try String(contentsOfFile: "\(directory)/README.md", encoding: .utf8)
        #expect(
            committed == PolicyDocumentation.readme(policy),
            "policies/README.md is stale: run `tollgate policy docs policies`")
        for rule in policy.rules { #expect(committed.contains("`\(rule.id)`")) }
    }

    @Test func explainPrintsTheWholeRule() throws {
        let policy = try load(directory)
        let rule = try #require(policy.rule("setuid-file"))
        let text = PolicyDocumentation.explain(rule)
        #expect(text.hasPrefix("setuid-file — "))
        #expect(text.contains("severity: medium   weight: 30"))
        #expect(text.contains("files.exists(f, f.setuid || f.setgid)"))
    }
}
