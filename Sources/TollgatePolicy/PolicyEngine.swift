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
    /// The active rules that apply to each ecosystem/kind pair, worked out once, as gates (see `RuleGate`); targets
    /// are numbered by `target(ecosystem:kind:)`.
    private let gatesByTarget: [[RuleGate]]
    /// Every active rule's gate, in rule order.
    private let allGates: [RuleGate]
    /// The deciding fields of every gate, one run per gate, as numbers in `decidingFields`.
    private let gateFields: [Int32]
    /// Every distinct deciding field: rules that share one (`history.available`) share its check for a package.
    private let decidingFields: [DecidingField]
    /// The fields (slots) that some rule's condition reads alone, each once (see `RuleMemo`).
    let memoSlots: [Int]

    /// A rule with its weight under the profile, and the fields that, all as they read on an empty document, make
    /// its condition false.
    struct ActiveRule: Sendable {
        let rule: Rule
        let weight: Int
        /// Nil when no such set is known (see `FactsEnvironment.fieldsDecidingFalse`).
        let falseWhenUnset: [DecidingField]?
    }
    /// What the engine looks at before it runs a rule — which rule, and the run of `gateFields` holding its deciding
    /// fields (a negative count: none known) — as plain numbers: threads judging packages at once then touch no
    /// shared reference count for the rules they skip, which are most of them (an atomic count shared between
    /// cores costs more than the check itself).
    struct RuleGate: Sendable {
        let rule: Int32
        let firstField: Int32
        let fieldCount: Int32
        /// The rule's field in `memoSlots` when its condition reads that field alone (and the rule is among the
        /// first 64), else -1.
        let memo: Int32
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
        var distinct: [DecidingField] = []
        var fields: [Int32] = []
        var gates: [RuleGate] = []
        var memoSlots: [Int] = []
        /// The position of `item` in `list`, appended when new: rules that share a field share its number.
        func number<T: Equatable>(_ item: T, in list: inout [T]) -> Int32 {
            if let known = list.firstIndex(of: item) { return Int32(known) }
            list.append(item)
            return Int32(list.count - 1)
        }
        for (index, rule) in active.enumerated() {
            let deciding = rule.falseWhenUnset
            var memo: Int32 = -1
            let read = rule.rule.condition.variableSlots
            if index < 64, read.count == 1, let slot = read.first, slot != policy.environment.layout.documentSlot {
                memo = number(slot, in: &memoSlots)
            }
            gates.append(
                RuleGate(
                    rule: Int32(index), firstField: Int32(fields.count), fieldCount: Int32(deciding?.count ?? -1),
                    memo: memo))
            for field in deciding ?? [] { fields.append(number(field, in: &distinct)) }
        }
        self.gateFields = fields
        self.decidingFields = distinct
        self.memoSlots = memoSlots
        self.allGates = gates
        self.gatesByTarget = PolicyEngine.targets.map { ecosystem, kind in
            gates.filter { active[Int($0.rule)].rule.applies(ecosystem: ecosystem, kind: kind) }
        }
    }

    /// Every ecosystem/kind pair a package can have, in target order (an empty string stands for a value outside
    /// the enumerations).
    private static let targets: [(ecosystem: String, kind: String)] =
        (Ecosystem.allCases.map(\.rawValue) + [""]).flatMap { ecosystem in
            (PackageKind.allCases.map(\.rawValue) + [""]).map { (ecosystem, $0) }
        }

    /// The number of an ecosystem/kind pair in `targets`.
    private static func target(ecosystem: Ecosystem, kind: PackageKind) -> Int {
        let e = Ecosystem.allCases.firstIndex(of: ecosystem)!
        let k = PackageKind.allCases.firstIndex(of: kind)!
        return e * (PackageKind.allCases.count + 1) + k
    }

    /// The clock policies see.
    public var now: Date { policy.environment.now }

    /// For each active rule that a document can be spared: the top-level fields that, all unset, make its condition
    /// false (the engine then does not run it). Some also spare it when set (see `fieldsDecidingFalseWhenSet`).
    public var fieldsDecidingFalse: [String: [String]] {
        var out: [String: [String]] = [:]
        for active in activeRules {
            guard let fields = active.falseWhenUnset else { continue }
            out[active.rule.id] = fields.map { policy.environment.layout.names[$0.slot] }
        }
        return out
    }

    /// For each active rule that a document can be spared: its deciding fields that spare it also when set — to
    /// their type's zero value (`signatures`: an empty list), or, for an object, with the fields the condition
    /// reads of it zero or unset (`history.available`: false) — because the condition never tests their presence.
    public var fieldsDecidingFalseWhenSet: [String: [String]] {
        var out: [String: [String]] = [:]
        for active in activeRules {
            guard let fields = active.falseWhenUnset else { continue }
            out[active.rule.id] = fields.filter(\.mayBeSet).flatMap { $0.names(policy.environment.layout) }
        }
        return out
    }

    /// Judges one package.
    public func evaluate(_ facts: any FactObject) -> Verdict { evaluator().evaluate(facts) }

    /// An evaluator for packages judged one after another on one thread (a batch), which reuses the variables and
    /// activation of the previous package rather than making them anew.
    public func evaluator() -> Evaluator { Evaluator(engine: self) }

    /// Judges packages one after another, reusing its variables and activation. Not thread-safe: one per thread.
    public final class Evaluator {
        let engine: PolicyEngine
        var activation: CELActivation
        let variables: PackageVariables
        var memo: RuleMemo
        /// How many rule conditions it has run (rules its packages' deciding fields spared, and rules known false
        /// for the value they read, are not run).
        public private(set) var rulesRun = 0

        init(engine: PolicyEngine) {
            self.engine = engine
            let bound = engine.policy.environment.bind(DynamicFactObject(typeName: "", fields: []))
            activation = bound.activation
            variables = bound.variables
            memo = RuleMemo(slots: engine.memoSlots, names: engine.policy.environment.layout.names)
        }

        /// Judges one package.
        public func evaluate(_ facts: any FactObject) -> Verdict {
            variables.reset(facts)
            activation.costAllowance = FactsEnvironment.costAllowance(for: facts)
            memo.reset()
            return engine.judge(facts, activation: &activation, variables: variables, memo: &memo, rulesRun: &rulesRun)
        }
    }

    private func judge(
        _ facts: any FactObject, activation: inout CELActivation, variables: PackageVariables, memo: inout RuleMemo,
        rulesRun: inout Int
    ) -> Verdict {
        let ecosystem: String
        let gates: [RuleGate]
        if let package = facts as? PackageFacts {
            ecosystem = package.ecosystem.rawValue
            gates = gatesByTarget[PolicyEngine.target(ecosystem: package.ecosystem, kind: package.kind)]
        } else {
            ecosystem = facts.factField("ecosystem")?.stringValue ?? ""
            let kind = facts.factField("kind")?.stringValue ?? ""
            gates =
                PolicyEngine.targets.firstIndex { $0 == (ecosystem, kind) }.map { gatesByTarget[$0] }
                ?? allGates.filter { activeRules[Int($0.rule)].rule.applies(ecosystem: ecosystem, kind: kind) }
        }
        var findings: [Finding] = []
        var waived: [Finding] = []
        var errors: [RuleError] = []
        var forced: [(Decision, String)] = []
        // Which distinct deciding fields were checked for this package, and which of those passed.
        var checked: UInt64 = 0
        var passed: UInt64 = 0
        func passes(_ id: Int) -> Bool {
            guard id < 64 else { return variables.passes(decidingFields[id]) }
            let bit: UInt64 = 1 << UInt64(id)
            if checked & bit != 0 { return passed & bit != 0 }
            checked |= bit
            guard variables.passes(decidingFields[id]) else { return false }
            passed |= bit
            return true
        }
        for gate in gates {
            // A rule whose deciding fields read as on an empty document is false without running it.
            if gate.fieldCount >= 0 {
                let start = Int(gate.firstField)
                if (start..<start + Int(gate.fieldCount)).allSatisfy({ passes(Int(gateFields[$0])) }) { continue }
            }
            // A rule that reads one field alone, false for the value the previous package had, is false again.
            if gate.memo >= 0, memo.knownFalse(rule: Int(gate.rule), field: Int(gate.memo), of: facts) { continue }
            rulesRun += 1
            let active = activeRules[Int(gate.rule)]
            let rule = active.rule
            let weight = active.weight
            var finding: Finding
            do throws(CELEvaluationError) {
                let value = try rule.condition.evaluate(reusing: &activation)
                guard case .bool(let fired) = value else {
                    throw CELEvaluationError(.noMatchingOverload, "condition returned \(value.literal), not a bool")
                }
                guard fired else {
                    if gate.memo >= 0 { memo.noteFalse(rule: Int(gate.rule), field: Int(gate.memo)) }
                    continue
                }
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
        // A document of an ecosystem Tollgate does not know is covered only by a waiver for every ecosystem and
        // every version: there are no version rules to compare by.
        let eco = Ecosystem(rawValue: ecosystem)
        for (index, waiver) in waivers.waivers.enumerated()
        // Names compare byte for byte, as policies compare them: Swift's == calls canonically equivalent strings
        // equal, and a look-alike name ("K" as the Kelvin sign) must not take another package's waiver.
        where waiver.rules.contains(rule.id) && waiver.package.utf8.elementsEqual(name.utf8)
            && (waiver.ecosystem == nil || waiver.ecosystem == eco)
            && (eco.map { waiver.constraint.matches(version, comparator: comparators.comparator(for: $0)) }
                ?? waiver.constraint.terms.isEmpty)
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
