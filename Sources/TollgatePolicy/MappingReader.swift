import Foundation
import TollgateCore

/// Collects the diagnostics of one load, so that every problem of every file is reported in one run.
final class DiagnosticSink {
    private(set) var diagnostics: [SourceDiagnostic] = []

    func error(_ position: SourcePosition, _ message: String) {
        diagnostics.append(SourceDiagnostic(position, message))
    }

    func add(_ diagnostic: SourceDiagnostic) { diagnostics.append(diagnostic) }
    var isEmpty: Bool { diagnostics.isEmpty }
}

/// Reads a YAML mapping strictly: unknown and duplicate keys are errors (Yams would ignore them), values must have
/// the documented types, required keys must be present. Problems go to the sink; readers return nil for them.
struct MappingReader {
    let node: YAMLNode
    let what: String
    let sink: DiagnosticSink
    private var pairs: [String: (key: YAMLNode, value: YAMLNode)] = [:]

    /// Starts reading `node` as the mapping `what` (for messages), allowing only `keys`.
    init?(_ node: YAMLNode, what: String, keys: Set<String>, sink: DiagnosticSink) {
        self.node = node
        self.what = what
        self.sink = sink
        guard case .mapping(let list) = node.kind else {
            sink.error(node.position, "\(what) must be a mapping, not \(node.kindName)")
            return nil
        }
        for pair in list {
            guard let key = pair.key.scalar else {
                sink.error(pair.key.position, "keys of \(what) must be strings")
                continue
            }
            guard keys.contains(key) else {
                let suggestion = keys.min { distance($0, key) < distance($1, key) }
                let hint = suggestion.map { distance($0, key) <= 3 ? " (did you mean '\($0)'?)" : "" } ?? ""
                sink.error(pair.key.position, "unknown key '\(key)' in \(what)\(hint)")
                continue
            }
            if let first = pairs[key] {
                sink.error(
                    pair.key.position,
                    "duplicate key '\(key)' in \(what) (first at line \(first.key.position.line ?? 0))")
                continue
            }
            pairs[key] = pair
        }
    }

    func has(_ key: String) -> Bool { pairs[key] != nil }

    func value(_ key: String) -> YAMLNode? { pairs[key]?.value }

    func keyPosition(_ key: String) -> SourcePosition { pairs[key]?.key.position ?? node.position }

    private func missing(_ key: String) {
        sink.error(node.position, "\(what) is missing the required key '\(key)'")
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = pairs[key]?.value else {
            if required { missing(key) }
            return nil
        }
        guard case .scalar(let s, _) = value.kind else {
            sink.error(value.position, "'\(key)' must be a string, not \(value.kindName)")
            return nil
        }
        if required, s.trimmingWhitespace().isEmpty {
            sink.error(value.position, "'\(key)' must not be empty")
            return nil
        }
        return s
    }

    func int(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let value = pairs[key]?.value else {
            if required { missing(key) }
            return nil
        }
        guard case .scalar(let s, false) = value.kind, let i = Int(s) else {
            sink.error(value.position, "'\(key)' must be an integer, not \(value.kindName)")
            return nil
        }
        guard range.contains(i) else {
            sink.error(value.position, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(i)")
            return nil
        }
        return i
    }

    func bool(_ key: String) -> Bool? {
        guard let value = pairs[key]?.value else { return nil }
        guard case .scalar(let s, false) = value.kind, s == "true" || s == "false" else {
            sink.error(value.position, "'\(key)' must be true or false, not \(value.kindName)")
            return nil
        }
        return s == "true"
    }

    func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, required: Bool = false) -> T?
    where T.RawValue == String, T: CaseIterable {
        guard let text = string(key, required: required) else { return nil }
        guard let value = T(rawValue: text) else {
            sink.error(
                pairs[key]!.value.position,
                "'\(key)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'"
            )
            return nil
        }
        return value
    }

    /// A list of strings (a single string is accepted as a one-element list).
    func strings(_ key: String, required: Bool = false) -> [(String, SourcePosition)]? {
        guard let value = pairs[key]?.value else {
            if required { missing(key) }
            return nil
        }
        switch value.kind {
        case .scalar(let s, _) where !s.isEmpty: return [(s, value.position)]
        case .sequence(let items):
            var out: [(String, SourcePosition)] = []
            for item in items {
                guard case .scalar(let s, _) = item.kind else {
                    sink.error(item.position, "'\(key)' must list strings, not \(item.kindName)")
                    continue
                }
                out.append((s, item.position))
            }
            return out
        default:
            sink.error(value.position, "'\(key)' must be a list of strings, not \(value.kindName)")
            return nil
        }
    }

    /// A mapping's entries, each a key with its value node.
    func entries(_ key: String) -> [(key: String, position: SourcePosition, value: YAMLNode)]? {
        guard let value = pairs[key]?.value else { return nil }
        guard case .mapping(let list) = value.kind else {
            sink.error(value.position, "'\(key)' must be a mapping, not \(value.kindName)")
            return nil
        }
        var seen: Set<String> = []
        var out: [(key: String, position: SourcePosition, value: YAMLNode)] = []
        for pair in list {
            guard let k = pair.key.scalar else { continue }
            guard seen.insert(k).inserted else {
                sink.error(pair.key.position, "duplicate key '\(k)' in '\(key)'")
                continue
            }
            out.append((k, pair.key.position, pair.value))
        }
        return out
    }

    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where i <= a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where j <= b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
