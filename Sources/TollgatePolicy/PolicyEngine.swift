import CEL
import Foundation
import Synchronization
import TollgateCore

/// Evaluates a policy set under a profile and waivers: findings, a 0–100 score and a decision per package.
///
/// Thread-safe: packages may be evaluated concurrently. Waiver use is recorded so that unused and expired waivers
/// can be reported after a run.
public final class PolicyEngine: Sendable {
    public let policy: PolicySet
    public let profile: Profile
    public let waivers: WaiverSet
    let comparators: VersionComparators
    private let activeRules: [ActiveRule]
    /// The active rules that apply to each ecosystem/kind pair, worked out once.
    private let rulesByTarget: [String: [ActiveRule]]

    /// A rule with its weight under the profile, and the fields whose all being unset makes its condition false.
    struct ActiveRule: Sendable {
        let rule: Rule
        let weight: Int
        /// Nil when no such set is known (see `FactsEnvironment.fieldsDecidingFalse`).
        let falseWhenUnset: [Int]?
    }
    private let usage = Mutex<(used: Set<Int>, expiredHits: Set<Int>)>(([], []))

    /// Creates an engine; `profile` must belong to `policy`.
    public init(policy: PolicySet, profile: Profile, waivers: WaiverSet = .none, comparators: VersionComparators) {
        self.policy = policy
        self.profile = profile
        self.waivers = waivers
        self.comparators = comparators
        let active = policy.rules.filter(profile.isEnabled).map {
            ActiveRule(
                rule: $0, weight: profile.weight(of: $0),
                falseWhenUnset: policy.environment.fieldsDecidingFalse(of: $0.condition))
        }
        self.activeRules = active
        var byTarget: [String: [ActiveRule]] = [:]
        for ecosystem in Ecosystem.allCases.map(\.rawValue) + [""] {
            for kind in PackageKind.allCases.map(\.rawValue) + [""] {
                byTarget[ecosystem + "/" + kind] = active.filter { $0.rule.applies(ecosystem: ecosystem, kind: kind) }
            }
        }
        self.rulesByTarget = byTarget
    }

    /// The clock policies see.
    public var now: Date { policy.environment.now }

    /// For each active rule that a document can be spared: the top-level fields that, all unset, make its condition
    /// false (the engine then does not run it).
    public var fieldsDecidingFalse: [String: [String]] {
        var out: [String: [String]] = [:]
        for active in activeRules {
            guard let slots = active.falseWhenUnset else { continue }
            out[active.rule.id] = slots.map { policy.environment.layout.names[$0] }
        }
        return out
    }

    /// Judges one package.
    public func evaluate(_ facts: any FactObject) -> Verdict {
        let ecosystem: String
        let kind: String
        if let package = facts as? PackageFacts {
            ecosystem = package.ecosystem.rawValue
            kind = package.kind.rawValue
        } else {
            ecosystem = facts.factField("ecosystem")?.stringValue ?? ""
            kind = facts.factField("kind")?.stringValue ?? ""
        }
        let bound = policy.environment.bind(facts)
        var activation = bound.activation
        let variables = bound.variables
        var findings: [Finding] = []
        var waived: [Finding] = []
        var errors: [RuleError] = []
        var forced: [(Decision, String)] = []
        let rules =
            rulesByTarget[ecosystem + "/" + kind]
            ?? activeRules.filter { $0.rule.applies(ecosystem: ecosystem, kind: kind) }
        for active in rules {
            let rule = active.rule
            let weight = active.weight
            // A rule whose deciding fields this document leaves unset is false without running it.
            if let fields = active.falseWhenUnset, fields.allSatisfy(variables.isUnset) { continue }
            var finding: Finding
            do throws(CELEvaluationError) {
                let value = try rule.condition.evaluate(reusing: &activation)
                guard case .bool(let fired) = value else {
                    throw CELEvaluationError(.noMatchingOverload, "condition returned \(value.literal), not a bool")
                }
                guard fired else { continue }
                finding = Finding(
                    ruleID: rule.id, title: rule.title, severity: rule.severity, weight: weight,
                    message: rule.message.render(activation),
                    evidence: rule.evidence.map { label, program in
                        (label, (try? program.evaluate(activation)).map(\.literal) ?? "‹error›")
                    }
                )
            } catch {
                errors.append(RuleError(ruleID: rule.id, message: error.description))
                switch profile.onError {
                case .ignore: continue
                case .deny: forced.append((.deny, "rule \(rule.id) could not be evaluated"))
                case .finding: break
                }
                finding = Finding(
                    ruleID: rule.id, title: rule.title, severity: rule.severity, weight: weight,
                    message: "rule could not be evaluated: \(error.message)", isRuleError: true
                )
            }
            if rule.waivable, let waiver = matchingWaiver(rule: rule, facts: facts, ecosystem: ecosystem) {
                finding.waiver = waiver.reference
                waived.append(finding)
                continue
            }
            if let decision = profile.ruleDecisions[rule.id] { forced.append((decision, "forced by \(rule.id)")) }
            if let decision = profile.severityDecisions[rule.severity] {
                forced.append((decision, "forced by \(rule.severity.rawValue) finding \(rule.id)"))
            }
            findings.append(finding)
        }
        if findings.count > 1 { findings.sort { ($0.weight, $1.ruleID) > ($1.weight, $0.ruleID) } }
        let score = findings.isEmpty ? 0 : Scoring.score(weights: findings.map(\.weight))
        var decision = Scoring.decision(score: score, warn: profile.warn, deny: profile.deny)
        var reason: Verdict.Reason = .threshold(warn: profile.warn, deny: profile.deny)
        if let strongest = forced.max(by: { $0.0 < $1.0 }), strongest.0 > decision {
            decision = strongest.0
            reason = .forced(strongest.1)
        }
        return Verdict(
            findings: findings, waived: waived, errors: errors, score: score, decision: decision, reason: reason)
    }

    private func matchingWaiver(rule: Rule, facts: any FactObject, ecosystem: String) -> Waiver? {
        let name = facts.factField("name")?.stringValue ?? ""
        let version = facts.factField("version")?.stringValue ?? ""
        let eco = Ecosystem(rawValue: ecosystem) ?? .debian
        for (index, waiver) in waivers.waivers.enumerated()
        where waiver.rules.contains(rule.id) && waiver.package == name
            && (waiver.ecosystem == nil || waiver.ecosystem == eco)
            && waiver.constraint.matches(version, comparator: comparators.comparator(for: eco))
        {
            if waiver.isExpired(at: now) {
                usage.withLock { _ = $0.expiredHits.insert(index) }
                continue
            }
            usage.withLock { _ = $0.used.insert(index) }
            return waiver
        }
        return nil
    }

    /// Waivers that matched nothing so far, and expired waivers (with whether an expired one would have matched).
    public func waiverReport() -> (unused: [Waiver], expired: [(waiver: Waiver, wouldHaveMatched: Bool)]) {
        let (used, expiredHits) = usage.withLock { ($0.used, $0.expiredHits) }
        var unused: [Waiver] = []
        var expired: [(Waiver, Bool)] = []
        for (index, waiver) in waivers.waivers.enumerated() {
            if waiver.isExpired(at: now) {
                expired.append((waiver, expiredHits.contains(index)))
            } else if !used.contains(index) {
                unused.append(waiver)
            }
        }
        return (unused, expired)
    }
}
