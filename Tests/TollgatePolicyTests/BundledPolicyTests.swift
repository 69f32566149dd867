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
