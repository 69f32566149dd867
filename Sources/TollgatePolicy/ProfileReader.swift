import Foundation
import TollgateCore

/// Reads profiles (`policies/profiles/NAME.yaml`).
enum ProfileReader {
    static let keys: Set<String> = [
        "name", "description", "thresholds", "rules", "weights", "decisions", "severity_decisions", "on_error",
        "fail_on_warn",
    ]

    static func read(path: String, ruleIDs: [String: Rule], sink: DiagnosticSink) -> Profile? {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let start = SourcePosition(file: path, line: 1, column: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            sink.error(start, "cannot read the file")
            return nil
        }
        let root: YAMLNode
        do {
            guard let parsed = try YAMLNode.parse(text, file: path) else {
                sink.error(start, "empty profile")
                return nil
            }
            root = parsed
        } catch {
            sink.add(error)
            return nil
        }
        guard let map = MappingReader(root, what: "the profile", keys: keys, sink: sink) else { return nil }
        let before = sink.diagnostics.count
        let name = map.string("name", required: true)
        if let name, name != stem {
            sink.error(map.value("name")!.position, "profile name '\(name)' must equal the file name's stem '\(stem)'")
        }
        let description = map.string("description") ?? ""
        var warn = 30
        var deny = 70
        if let node = map.value("thresholds") {
            if let thresholds = MappingReader(node, what: "thresholds", keys: ["warn", "deny"], sink: sink) {
                warn = thresholds.int("warn", in: 0...100, required: true) ?? warn
                deny = thresholds.int("deny", in: 0...100, required: true) ?? deny
                if warn > deny {
                    sink.error(node.position, "the warn threshold (\(warn)) must not exceed deny (\(deny))")
                }
            }
        } else {
            sink.error(root.position, "the profile is missing the required key 'thresholds' (warn, deny)")
        }
        func resolve(_ id: String, _ position: SourcePosition) -> String? {
            guard let rule = ruleIDs[id] else {
                sink.error(position, "no rule '\(id)' in this policy set")
                return nil
            }
            return rule.id
        }
        var enabled: Set<String>?
        var disabled: Set<String> = []
        if let node = map.value("rules"),
            let rules = MappingReader(node, what: "rules", keys: ["enable", "disable"], sink: sink)
        {
            if let enable = rules.value("enable") {
                if enable.scalar == "all" {
                    enabled = nil
                } else {
                    enabled = Set((rules.strings("enable") ?? []).compactMap { resolve($0.0, $0.1) })
                }
            }
            disabled = Set((rules.strings("disable") ?? []).compactMap { resolve($0.0, $0.1) })
            // `enable: []`, or a `disable` list that takes every enabled rule back, turns the gate into one that
            // allows everything: refused, so that it is never meant by accident.
            let active = (enabled ?? Set(ruleIDs.values.map(\.id))).subtracting(disabled)
            if active.isEmpty, !ruleIDs.isEmpty {
                sink.error(node.position, "the profile enables no rule, so it would allow every package")
            }
        }
        // A rule named twice, by its id and by an alias, would take whichever came last.
        var named: [String: [String: String]] = [:]
        func once(_ section: String, _ rule: String, _ id: String, _ position: SourcePosition) -> Bool {
            if let first = named[section, default: [:]][rule] {
                sink.error(position, "\(section): '\(id)' is rule '\(rule)', already given as '\(first)'")
                return false
            }
            named[section, default: [:]][rule] = id
            return true
        }
        var weights: [String: Int] = [:]
        for (id, position, node) in map.entries("weights") ?? [] {
            guard let rule = resolve(id, position), once("weights", rule, id, position) else { continue }
            guard case .scalar(let s, false) = node.kind, let w = Int(s), (0...100).contains(w) else {
                sink.error(node.position, "weight of '\(id)' must be an integer from 0 to 100")
                continue
            }
            weights[rule] = w
        }
        var ruleDecisions: [String: Decision] = [:]
        for (id, position, node) in map.entries("decisions") ?? [] {
            guard let rule = resolve(id, position), once("decisions", rule, id, position) else { continue }
            guard let s = node.scalar, let d = Decision(rawValue: s), d != .allow else {
                sink.error(node.position, "decision for '\(id)' must be warn or deny")
                continue
            }
            ruleDecisions[rule] = d
        }
        var severityDecisions: [Severity: Decision] = [:]
        for (key, position, node) in map.entries("severity_decisions") ?? [] {
            guard let severity = Severity(rawValue: key) else {
                sink.error(position, "unknown severity '\(key)' (info, low, medium, high, critical)")
                continue
            }
            guard let s = node.scalar, let d = Decision(rawValue: s), d != .allow else {
                sink.error(node.position, "decision for severity '\(key)' must be warn or deny")
                continue
            }
            severityDecisions[severity] = d
        }
        let onError = map.choice("on_error", Profile.OnError.self) ?? .finding
        let failOnWarn = map.bool("fail_on_warn") ?? false
        guard sink.diagnostics.count == before, let name else { return nil }
        return Profile(
            name: name, description: description, warn: warn, deny: deny, enabled: enabled, disabled: disabled,
            weights: weights, ruleDecisions: ruleDecisions, severityDecisions: severityDecisions, onError: onError,
            failOnWarn: failOnWarn, file: path
        )
    }
}
