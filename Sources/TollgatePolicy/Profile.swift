import TollgateCore

/// A profile (`policies/profiles/NAME.yaml`): which rules are on, their weights, the thresholds, and what to do
/// on a rule error. Weights and thresholds live here, not in code.
public struct Profile: Sendable {
    /// What a rule that cannot be evaluated counts as.
    public enum OnError: String, Sendable, CaseIterable {
        /// A finding with the rule's own severity and weight (default: an error never passes silently).
        case finding
        /// Ignored (reported, but it does not count).
        case ignore
        /// Deny the package.
        case deny
    }

    public let name: String
    public let description: String
    /// Score at or above which a package is warned about.
    public let warn: Int
    /// Score at or above which a package is denied.
    public let deny: Int
    /// Rule ids that are on (all rules of the policy set when nil), minus `disabled`.
    public let enabled: Set<String>?
    public let disabled: Set<String>
    /// Weight overrides by rule id.
    public let weights: [String: Int]
    /// Decisions forced when a rule fires, by rule id.
    public let ruleDecisions: [String: Decision]
    /// Decisions forced when any rule of a severity fires.
    public let severityDecisions: [Severity: Decision]
    public let onError: OnError
    /// Treat `warn` as a failure in gates.
    public let failOnWarn: Bool
    public let file: String

    /// Whether a rule is on in this profile.
    public func isEnabled(_ rule: Rule) -> Bool {
        (enabled?.contains(rule.id) ?? true) && !disabled.contains(rule.id)
    }

    /// The weight a rule counts with.
    public func weight(of rule: Rule) -> Int { weights[rule.id] ?? rule.weight }
}
