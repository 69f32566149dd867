import Foundation
import TollgateCore

/// Documentation generated from the rule files: `policies/README.md`, and `tollgate explain RULE`.
public enum PolicyDocumentation {
    /// The Markdown index of the policy set (a test fails when the committed file differs).
    public static func readme(_ policy: PolicySet) -> String {
        var out = """
            # Tollgate policies

            <!-- Generated from the rule files by `tollgate policy docs`; do not edit by hand. -->

            One rule per file: the file stem is the rule id. Each rule carries a CEL condition over the
            [fact document](../docs/facts.md), a message, evidence, and examples that must and must not trigger it
            (`tollgate policy test` runs them). Weights below are the rules' defaults; profiles in `profiles/` turn
            rules on and off, override weights, set the warn and deny thresholds and force decisions.
            `tollgate explain RULE` prints a rule's full documentation.

            ## Rules

            | Id | Severity | Weight | Title | Status | Waivable |
            |---|---|---|---|---|---|

            """
        for rule in policy.rules {
            out +=
                "| [`\(rule.id)`](\(rule.id).yaml) | \(rule.severity.rawValue) | \(rule.weight) | "
                + "\(escape(rule.title)) | \(rule.status.rawValue) | \(rule.waivable ? "yes" : "no") |\n"
        }
        out += "\n## Profiles\n\n| Profile | Warn | Deny | Description |\n|---|---|---|---|\n"
        for profile in policy.profiles.values.sorted(by: { $0.name < $1.name }) {
            out +=
                "| [`\(profile.name)`](profiles/\(profile.name).yaml) | \(profile.warn) | \(profile.deny) | "
                + "\(escape(profile.description)) |\n"
        }
        out += "\n## Scoring\n\n"
        out += """
            A package's score is the noisy-OR of the weights of its findings that count (not waived):
            `score = 100 × (1 − ∏(1 − wᵢ/100))`. It never drops when a finding is added, a single finding scores its
            own weight (so one rule can deny alone only if its weight reaches the deny threshold, or a profile forces
            it), and two medium findings outrank one: two findings of weight 40 score 64.

            """
        return out
    }

    /// The full documentation of one rule.
    public static func explain(_ rule: Rule) -> String {
        var out = "\(rule.id) — \(rule.title)\n\n"
        out += "severity: \(rule.severity.rawValue)   weight: \(rule.weight)   status: \(rule.status.rawValue)   "
        out += "waivable: \(rule.waivable ? "yes" : "no")\n"
        let ecosystems = rule.ecosystems.isEmpty ? "all" : rule.ecosystems.sorted().joined(separator: ", ")
        let kinds = rule.kinds.isEmpty ? "all" : rule.kinds.sorted().joined(separator: ", ")
        out += "applies to: ecosystems \(ecosystems); kinds \(kinds)\n"
        if !rule.aliases.isEmpty { out += "former ids: \(rule.aliases.joined(separator: ", "))\n" }
        if !rule.tags.isEmpty { out += "tags: \(rule.tags.joined(separator: ", "))\n" }
        out += "\n\(rule.description.trimmingWhitespace())\n\n"
        out += "condition:\n\(indent(rule.conditionSource))\n"
        out += "message:\n\(indent(rule.messageSource))\n"
        if !rule.evidenceSources.isEmpty {
            out += "evidence:\n"
            for (label, source) in rule.evidenceSources { out += "  \(label): \(source.trimmingWhitespace())\n" }
        }
        if !rule.references.isEmpty {
            out += "references:\n" + rule.references.map { "  \($0)\n" }.joined()
        }
        out += "examples: \(rule.triggerExamples.count) trigger, \(rule.passExamples.count) pass (\(rule.file))\n"
        return out
    }

    private static func indent(_ text: String) -> String {
        text.trimmingWhitespace().split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
            .joined(separator: "\n")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
