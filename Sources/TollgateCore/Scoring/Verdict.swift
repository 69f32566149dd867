/// The judgement of one package: its findings, score and decision.
public struct Verdict: Sendable {
    /// Findings that count (not waived), highest weight first.
    public var findings: [Finding]
    /// Findings a waiver silenced; they do not count towards the score.
    public var waived: [Finding]
    /// Rules that could not be evaluated (each also handled as the profile says).
    public var errors: [RuleError]
    /// The 0–100 risk score of `findings`.
    public var score: Int
    public var decision: Decision
    /// Why the decision is what it is.
    public enum Reason: Sendable {
        /// The score against the profile's thresholds.
        case threshold(warn: Int, deny: Int)
        /// A rule or severity forced it (the words say which).
        case forced(String)
    }
    public var why: Reason

    /// Why the decision is what it is, in one line (`score 72 ≥ deny threshold 70`, `forced by bad-signature`).
    public var reason: String {
        switch why {
        case .forced(let text): return text
        case .threshold(let warn, let deny):
            switch decision {
            case .deny: return "score \(score) ≥ deny threshold \(deny)"
            case .warn: return "score \(score) ≥ warn threshold \(warn)"
            case .allow: return "score \(score) < warn threshold \(warn)"
            }
        }
    }

    /// Creates a verdict.
    public init(
        findings: [Finding], waived: [Finding], errors: [RuleError], score: Int, decision: Decision, reason: Reason
    ) {
        self.findings = findings
        self.waived = waived
        self.errors = errors
        self.score = score
        self.decision = decision
        self.why = reason
    }
}
