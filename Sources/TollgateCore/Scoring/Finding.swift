/// A rule that fired on a package: what it found, how much it weighs, and the evidence behind it.
public struct Finding: Sendable {
    /// The rule's id.
    public var ruleID: String
    /// The rule's title.
    public var title: String
    public var severity: Severity
    /// The weight the score uses (0–100), after profile overrides.
    public var weight: Int
    /// The rule's message, rendered over the package's facts.
    public var message: String
    /// Labelled evidence values, rendered as CEL literals.
    public var evidence: [(label: String, value: String)]
    /// True when the finding stands for a rule that could not be evaluated (a missing fact, the cost limit).
    public var isRuleError: Bool
    /// The waiver that silenced the finding, when one applies.
    public var waiver: WaiverReference?

    /// Creates a finding.
    public init(
        ruleID: String, title: String, severity: Severity, weight: Int, message: String,
        evidence: [(label: String, value: String)] = [], isRuleError: Bool = false, waiver: WaiverReference? = nil
    ) {
        self.ruleID = ruleID
        self.title = title
        self.severity = severity
        self.weight = weight
        self.message = message
        self.evidence = evidence
        self.isRuleError = isRuleError
        self.waiver = waiver
    }
}

/// Which waiver silenced a finding (enough to show and audit it).
public struct WaiverReference: Sendable, Hashable {
    /// Where the waiver is written: its file, line and column.
    public var position: SourcePosition
    public var reason: String
    public var ticket: String
    public var approvedBy: String
    public var expires: String

    /// The waiver file and its position (`waivers.yaml:12:5`).
    public var location: String { position.description }

    /// Creates a reference.
    public init(position: SourcePosition, reason: String, ticket: String, approvedBy: String, expires: String) {
        self.position = position
        self.reason = reason
        self.ticket = ticket
        self.approvedBy = approvedBy
        self.expires = expires
    }
}

/// A rule that could not be evaluated on a package, and why.
public struct RuleError: Sendable, Hashable {
    public var ruleID: String
    public var message: String

    /// Creates a rule error.
    public init(ruleID: String, message: String) {
        self.ruleID = ruleID
        self.message = message
    }
}
