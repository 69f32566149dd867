import Foundation
import TollgateCore
import TollgatePolicy

/// Where policies come from and how a run judges packages: the policy set, the chosen profile, the waivers.
public struct PolicyContext: Sendable {
    public let engine: PolicyEngine

    /// Options of a judging run, as the command line gives them.
    public struct Options: Sendable {
        /// Explicit policy directory (`--policies`); found by `PolicyContext.locate` when nil.
        public var directory: String?
        public var profile: String = "default"
        public var waiverFiles: [String] = []
        /// The clock policies see (`--now`); the real one when nil.
        public var now: Date?
        /// Creates default options.
        public init() {}
    }

    /// Loads the policy set, profile and waivers; every problem is reported in one error.
    public static func load(_ options: Options) throws -> PolicyContext {
        guard let directory = options.directory ?? locate() else {
            throw Problem(path: "policies", reason: "no policy directory found: give --policies DIR")
        }
        let policy = try PolicyLoader.load(
            directory: directory, options: PolicyOptions(now: options.now ?? Date(), comparators: .native)
        )
        guard let profile = policy.profile(options.profile) else {
            let known = policy.profiles.keys.sorted().joined(separator: ", ")
            throw Problem(
                path: directory, reason: "no profile '\(options.profile)' (profiles: \(known.isEmpty ? "none" : known))"
            )
        }
        let waivers = try WaiverSet.load(files: options.waiverFiles, policy: policy)
        return PolicyContext(
            engine: PolicyEngine(policy: policy, profile: profile, waivers: waivers, comparators: .native))
    }

    /// The policy directory used when none is given: `$TOLLGATE_POLICIES`, `/etc/tollgate/policies`, the
    /// installation's `share/tollgate/policies`, a source checkout's `policies/` above the executable, `./policies`.
    public static func locate() -> String? {
        let fm = FileManager.default
        func valid(_ path: String) -> Bool {
            fm.fileExists(atPath: (path as NSString).appendingPathComponent("profiles"))
        }
        if let env = ProcessInfo.processInfo.environment["TOLLGATE_POLICIES"], !env.isEmpty { return env }
        if valid("/etc/tollgate/policies") { return "/etc/tollgate/policies" }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let share = dir.deletingLastPathComponent().appendingPathComponent("share/tollgate/policies").path
        if valid(share) { return share }
        for _ in 0..<5 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("policies").path
            if valid(candidate) { return candidate }
        }
        let local = fm.currentDirectoryPath + "/policies"
        return valid(local) ? local : nil
    }

    /// Judges a package.
    public func judge(_ facts: any FactObject) -> Verdict { engine.evaluate(facts) }

    /// One line per unused or expired waiver, for standard error after a run.
    public func waiverNotes() -> [String] {
        let report = engine.waiverReport()
        var lines: [String] = []
        for waiver in report.unused {
            lines.append(
                "\(waiver.position): note: waiver for \(waiver.package) (\(waiver.rules.sorted().joined(separator: ", "))) matched nothing"
            )
        }
        for (waiver, wouldHaveMatched) in report.expired {
            lines.append(
                "\(waiver.position): warning: waiver for \(waiver.package) expired on \(waiver.expiresText)"
                    + (wouldHaveMatched ? " and no longer silences its findings" : "")
            )
        }
        return lines
    }
}

extension Verdict {
    /// The verdict as a JSON-ready value (the `verdict` key of command output).
    public var factValue: FactValue {
        func finding(_ f: Finding) -> FactValue {
            var entries: [(key: String, value: FactValue)] = [
                ("rule", .string(f.ruleID)), ("title", .string(f.title)), ("severity", .string(f.severity.rawValue)),
                ("weight", .int(Int64(f.weight))), ("message", .string(f.message)),
                ("evidence", .map(f.evidence.map { (key: $0.label, value: FactValue.string($0.value)) })),
            ]
            if f.isRuleError { entries.append(("rule_error", .bool(true))) }
            if let w = f.waiver {
                entries.append(
                    (
                        "waiver",
                        .map([
                            ("location", .string(w.location)), ("reason", .string(w.reason)),
                            ("ticket", .string(w.ticket)), ("approved_by", .string(w.approvedBy)),
                            ("expires", .string(w.expires)),
                        ])
                    )
                )
            }
            return .map(entries)
        }
        return .map([
            ("score", .int(Int64(score))), ("decision", .string(decision.rawValue)), ("reason", .string(reason)),
            ("findings", .list(findings.map(finding))), ("waived", .list(waived.map(finding))),
            ("errors", .list(errors.map { .map([("rule", .string($0.ruleID)), ("message", .string($0.message))]) })),
        ])
    }

    /// `rule-id (weight)` of the strongest findings, for table cells.
    public func topFindings(_ count: Int = 2) -> String {
        let shown = findings.prefix(count).map { "\($0.ruleID)(\($0.weight))" }
        let more = findings.count > count ? " +\(findings.count - count)" : ""
        return shown.isEmpty ? "-" : shown.joined(separator: " ") + more
    }
}

/// A fact document printed with its verdict: the document's fields, then `verdict`.
struct JudgedDocument: ExtendedFactObject {
    let document: any FactObject
    let verdict: Verdict?

    var factTypeName: String { document.factTypeName }
    func factField(_ name: String) -> FactValue? {
        name == "verdict" ? verdict?.factValue : document.factField(name)
    }
    var base: any FactObject { document }
    var extraFields: [(String, FactValue)] { verdict.map { [("verdict", $0.factValue)] } ?? [] }
}
