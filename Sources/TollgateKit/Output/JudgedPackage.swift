import TollgateCore

/// What outputs keep of a judged package once its facts are no longer needed: who it is, where it came from, and
/// its verdict. A report over a whole archive holds one of these per package, not the package's facts. A class:
/// a report passes over its hundred thousand packages several times (inventory, outputs), and a reference costs
/// one count where a copy of the fields costs one per string and list.
public final class JudgedPackage: Sendable {
    public let ecosystem: Ecosystem
    public let kind: PackageKind
    public let name: String
    public let version: String
    /// The artefact's format (`packages-index`, `dsc`, `rpm`, …) and path.
    public let format: String
    public let artifact: String
    public let verdict: Verdict

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
