import TollgateCore

/// What outputs keep of a judged package once its facts are no longer needed: who it is, where it came from, and
/// its verdict. A report over a whole archive holds one of these per package, not the package's facts.
public struct JudgedPackage: Sendable {
    public var ecosystem: Ecosystem
    public var kind: PackageKind
    public var name: String
    public var version: String
    /// The artefact's format (`packages-index`, `dsc`, `rpm`, …) and path.
    public var format: String
    public var artifact: String
    public var verdict: Verdict

    /// Keeps what outputs need of `facts` and its verdict.
    public init(_ facts: PackageFacts, _ verdict: Verdict) {
        ecosystem = facts.ecosystem
        kind = facts.kind
        name = facts.name
        version = facts.version
        format = facts.artifact.format
        artifact = facts.artifact.path
        self.verdict = verdict
    }

    /// Whether anything fired, waived or not.
    public var hasFindings: Bool { !verdict.findings.isEmpty || !verdict.waived.isEmpty }
}
