import CEL
import TollgateCore

/// A policy rule: one YAML file in `policies/`, whose stem is the rule's id. Immutable; shared by reference, since
/// the engine walks every rule for every package.
public final class Rule: Sendable {
    /// Whether a rule is settled or still being tuned.
    public enum Status: String, Sendable, CaseIterable {
        case experimental, stable
    }

    /// The kebab-case id (the file stem); stable and never reused.
    public let id: String
    /// Former ids of the rule (a renamed rule keeps answering to them in profiles and waivers).
    public let aliases: [String]
    public let title: String
    /// What the rule detects and why it matters.
    public let description: String
    public let severity: Severity
    /// Default weight, 0–100; profiles may override it.
    public let weight: Int
    /// Ecosystems and kinds the rule applies to; empty means all.
    public let ecosystems: Set<String>
    public let kinds: Set<String>
    /// The CEL condition (a bool expression over the package's facts), as written and compiled.
    public let conditionSource: String
    let condition: CELProgram
    /// The message template (`{{ expr }}` parts are CEL), compiled.
    public let messageSource: String
    let message: MessageTemplate
    /// Labelled CEL expressions whose values are shown with a finding.
    public let evidenceSources: [(label: String, source: String)]
    let evidence: [(label: String, program: CELProgram)]
    public let references: [String]
    public let tags: [String]
    public let status: Status
    /// False for rules that no waiver can silence (a bad signature).
    public let waivable: Bool
    /// Partial fact documents that must fire the rule, and ones that must not.
    public let triggerExamples: [Example]
    public let passExamples: [Example]
    /// The file the rule was read from.
    public let file: String

    init(
        id: String, aliases: [String], title: String, description: String, severity: Severity, weight: Int,
        ecosystems: Set<String>, kinds: Set<String>, conditionSource: String, condition: CELProgram,
        messageSource: String, message: MessageTemplate, evidenceSources: [(label: String, source: String)],
        evidence: [(label: String, program: CELProgram)], references: [String], tags: [String], status: Status,
        waivable: Bool, triggerExamples: [Example], passExamples: [Example], file: String
    ) {
        self.id = id
        self.aliases = aliases
        self.title = title
        self.description = description
        self.severity = severity
        self.weight = weight
        self.ecosystems = ecosystems
        self.kinds = kinds
        self.conditionSource = conditionSource
        self.condition = condition
        self.messageSource = messageSource
        self.message = message
        self.evidenceSources = evidenceSources
        self.evidence = evidence
        self.references = references
        self.tags = tags
        self.status = status
        self.waivable = waivable
        self.triggerExamples = triggerExamples
        self.passExamples = passExamples
        self.file = file
    }

    /// Whether the rule applies to a package of this ecosystem and kind.
    public func applies(ecosystem: String, kind: String) -> Bool {
        (ecosystems.isEmpty || ecosystems.contains(ecosystem)) && (kinds.isEmpty || kinds.contains(kind))
    }

    /// An example document of a rule, with where it is written.
    public struct Example: Sendable {
        public let document: DynamicFactObject
        public let position: SourcePosition
    }
}
