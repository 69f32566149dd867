import Foundation
import TollgateCore
import TollgatePolicy

/// Judged packages as a SARIF 2.1.0 log: one run, the rules of the policy set as the tool's rules (from their rule
/// files), one result per finding (critical and high → `error`, medium → `warning`, low and info → `note`), waived
/// findings as results with an external suppression that carries the waiver's reason.
public enum SARIFLog {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let version = "2.1.0"

    /// The SARIF level of a severity.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// The log of `judged` packages, judged with `context`'s rules.
    public static func log(
        _ judged: [(facts: PackageFacts, verdict: Verdict)], context: PolicyContext, toolVersion: String
    ) -> FactValue {
        log(judged.map { JudgedPackage($0.facts, $0.verdict) }, context: context, toolVersion: toolVersion)
    }

    /// The log of judged packages.
    public static func log(_ judged: [JudgedPackage], context: PolicyContext, toolVersion: String) -> FactValue {
        let rules = context.engine.policy.rules
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let driverRules: [FactValue] = rules.map { rule in
            var properties: [(key: String, value: FactValue)] = [
                ("tags", .list(rule.tags.map(FactValue.string))), ("weight", .int(Int64(rule.weight))),
                ("severity", .string(rule.severity.rawValue)),
            ]
            if !rule.waivable { properties.append(("waivable", .bool(false))) }
            return .map([
                ("id", .string(rule.id)), ("name", .string(camelCase(rule.id))),
                ("shortDescription", .map([("text", .string(rule.title))])),
                (
                    "fullDescription",
                    .map([("text", .string(rule.description.trimmingCharacters(in: .whitespacesAndNewlines)))])
                ),
                ("help", .map([("text", .string("tollgate explain \(rule.id)"))])),
                ("defaultConfiguration", .map([("level", .string(level(rule.severity)))])),
                ("properties", .map(properties)),
            ])
        }
        var results: [FactValue] = []
        for facts in judged {
            let verdict = facts.verdict
            for (finding, waived) in verdict.findings.map({ ($0, false) }) + verdict.waived.map({ ($0, true) }) {
                var result: [(key: String, value: FactValue)] = [
                    ("ruleId", .string(finding.ruleID)),
                    ("level", .string(level(finding.severity))),
                    ("message", .map([("text", .string(finding.message))])),
                    (
                        "locations",
                        .list([
                            .map([
                                (
                                    "physicalLocation",
                                    .map([("artifactLocation", .map([("uri", .string(uri(facts.artifact)))]))])
                                ),
                                (
                                    "logicalLocations",
                                    .list([
                                        .map([
                                            ("name", .string("\(facts.name) \(facts.version)")),
                                            (
                                                "fullyQualifiedName",
                                                .string(
                                                    "\(facts.ecosystem.rawValue)/\(facts.kind.rawValue)/\(facts.name)@\(facts.version)"
                                                )
                                            ),
                                            ("kind", .string("package")),
                                        ])
                                    ])
                                ),
                            ])
                        ])
                    ),
                    (
                        "properties",
                        .map([
                            ("package", .string(facts.name)), ("version", .string(facts.version)),
                            ("ecosystem", .string(facts.ecosystem.rawValue)), ("score", .int(Int64(verdict.score))),
                            ("decision", .string(verdict.decision.rawValue)), ("weight", .int(Int64(finding.weight))),
                            (
                                "evidence",
                                .map(finding.evidence.map { (key: $0.label, value: FactValue.string($0.value)) })
                            ),
                        ])
                    ),
                ]
                if let i = index[finding.ruleID] { result.insert(("ruleIndex", .int(Int64(i))), at: 1) }
                if waived, let waiver = finding.waiver {
                    result.append(
                        (
                            "suppressions",
                            .list([
                                .map([
                                    ("kind", .string("external")), ("status", .string("accepted")),
                                    (
                                        "justification",
                                        .string(
                                            "\(waiver.reason) (\(waiver.ticket), approved by \(waiver.approvedBy), until \(waiver.expires))"
                                        )
                                    ),
                                    (
                                        "location",
                                        .map([
                                            (
                                                "physicalLocation",
                                                physicalLocation(waiver.position)
                                            )
                                        ])
                                    ),
                                ])
                            ])
                        ))
                }
                results.append(.map(result))
            }
        }
        return .map([
            ("$schema", .string(schema)), ("version", .string(version)),
            (
                "runs",
                .list([
                    .map([
                        (
                            "tool",
                            .map([
                                (
                                    "driver",
                                    .map([
                                        ("name", .string("tollgate")), ("version", .string(toolVersion)),
                                        ("rules", .list(driverRules)),
                                    ])
                                )
                            ])
                        ),
                        ("results", .list(results)),
                        (
                            "properties",
                            .map([("profile", .string(context.engine.profile.name))])
                        ),
                    ])
                ])
            ),
        ])
    }

    /// A file path as a relative or file: URI reference. A colon is percent-encoded: a relative reference whose
    /// first segment held one would read as a scheme (`dir:2024/x.deb`).
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(":")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    /// Where a policy file puts something (a waiver, say) as a physical location: the file's URI and, when known,
    /// the region.
    static func physicalLocation(_ position: SourcePosition) -> FactValue {
        let artifact: (key: String, value: FactValue) = (
            "artifactLocation", .map([("uri", .string(uri(position.file)))])
        )
        guard let line = position.line else { return .map([artifact]) }
        return .map([
            artifact,
            ("region", .map([("startLine", .int(Int64(line))), ("startColumn", .int(Int64(position.column ?? 1)))])),
        ])
    }

    /// `unsigned-package` → `UnsignedPackage`.
    static func camelCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
