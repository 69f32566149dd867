import Foundation
import TollgateCore
import Yams

/// A YAML node with its position, as policy, profile and waiver files are read: a small tree of our own, so that
/// positions survive and limits (size, depth) are enforced while converting from Yams.
struct YAMLNode: Sendable {
    enum Kind: Sendable {
        /// A scalar, and whether it was quoted or a block (then it is always a string).
        case scalar(String, quoted: Bool)
        case mapping([(key: YAMLNode, value: YAMLNode)])
        case sequence([YAMLNode])
    }

    /// Where the node starts.
    let position: SourcePosition
    let kind: Kind
    /// For a scalar whose value is not its text on one line (folded, quoted with escapes, a block): where each part
    /// of the value stands in the file.
    let sourceMap: ScalarSourceMap?

    /// Most nodes one file may expand to (YAML aliases can make a tiny file enormous).
    static let nodeLimit = 20_000
    /// Deepest nesting accepted.
    static let depthLimit = 32

    /// Parses a file's text; every problem is a diagnostic with a position.
    static func parse(_ text: String, file: String) throws(SourceDiagnostic) -> YAMLNode? {
        let root: Node?
        do {
            // Tags are not resolved (no regular expression per scalar): `untyped` and the readers type scalars
            // themselves, quoted or not.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw SourceDiagnostic(position(of: error, file: file), "invalid YAML: \(problem(of: error))")
        } catch {
            throw SourceDiagnostic(SourcePosition(file: file, line: 1, column: 1), "invalid YAML: \(error)")
        }
        guard let root else { return nil }
        var budget = nodeLimit
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try convert(root, file: file, depth: 0, budget: &budget, lines: lines)
    }

    private static func convert(
        _ node: Node, file: String, depth: Int, budget: inout Int, lines: [Substring]
    ) throws(SourceDiagnostic) -> YAMLNode {
        let position = SourcePosition(file: file, line: node.mark?.line, column: node.mark?.column)
        budget -= 1
        if budget < 0 {
            throw SourceDiagnostic(
                position, "document expands to more than \(nodeLimit) nodes (an alias bomb?): refused")
        }
        if depth > depthLimit {
            throw SourceDiagnostic(position, "nesting deeper than \(depthLimit) levels: refused")
        }
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style != .plain && scalar.style != .any
            return YAMLNode(
                position: position, kind: .scalar(scalar.string, quoted: quoted),
                sourceMap: sourceMap(of: scalar, at: node.mark, lines: lines))
        case .mapping(let mapping):
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            for (key, value) in mapping {
                pairs.append(
                    (
                        try convert(key, file: file, depth: depth + 1, budget: &budget, lines: lines),
                        try convert(value, file: file, depth: depth + 1, budget: &budget, lines: lines)
                    )
                )
            }
            return YAMLNode(position: position, kind: .mapping(pairs), sourceMap: nil)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence {
                items.append(try convert(item, file: file, depth: depth + 1, budget: &budget, lines: lines))
            }
            return YAMLNode(position: position, kind: .sequence(items), sourceMap: nil)
        case .alias(let alias):
            throw SourceDiagnostic(position, "unresolved alias *\(alias.anchor.rawValue)")
        }
    }

    /// The source map of a scalar whose value is not the text that follows its position on its line; nil for the
    /// others (their value's byte `n` is `n` columns on) and when the value cannot be aligned with the file.
    private static func sourceMap(of scalar: Node.Scalar, at mark: Mark?, lines: [Substring]) -> ScalarSourceMap? {
        guard let mark, mark.line >= 1, mark.line <= lines.count, mark.column >= 1 else { return nil }
        let style: ScalarSourceMap.Style
        var line = mark.line
        var column = mark.column
        switch scalar.style {
        case .literal, .folded:
            guard let start = blockStart(after: mark.line, in: lines) else { return nil }
            (style, line, column) = (.block, start.line, start.indent + 1)
        case .singleQuoted: (style, column) = (.singleQuoted, column + 1)
        case .doubleQuoted: (style, column) = (.doubleQuoted, column + 1)
        default:
            let rest = lines[mark.line - 1].unicodeScalars.dropFirst(mark.column - 1)
            if rest.starts(with: scalar.string.unicodeScalars) { return nil }
            style = .plain
        }
        return ScalarSourceMap(value: scalar.string, style: style, lines: lines, line: line, column: column)
    }

    /// The first non-blank line after a block scalar's indicator line, and its indentation.
    private static func blockStart(after line: Int, in lines: [Substring]) -> (line: Int, indent: Int)? {
        var index = line  // lines are 1-based; `line` is the indicator's line, so index `line` is the next one
        while index < lines.count {
            let text = lines[index]
            if !text.trimmingWhitespace().isEmpty {
                return (index + 1, text.prefix { $0 == " " }.count)
            }
            index += 1
        }
        return nil
    }

    private static func position(of error: YamlError, file: String) -> SourcePosition {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourcePosition(file: file, line: mark.line, column: mark.column)
        case .reader(_, let offset?, _, let yaml):
            // The reader says where in bytes (a control character, bytes that are not UTF-8): counted into a line
            // and a column of scalars, as the other errors are.
            let before = Array(yaml.utf8.prefix(max(0, offset)))
            let lineStart = before.lastIndex(of: 10).map { $0 + 1 } ?? 0
            let column = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count + 1
            return SourcePosition(file: file, line: before.count { $0 == 10 } + 1, column: column)
        default:
            return SourcePosition(file: file, line: 1, column: 1)
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .reader(let problem, _, let value, _):
            return value >= 0 ? "\(problem) (U+\(String(format: "%04X", value)))" : problem
        default:
            return "\(error)"
        }
    }

    // MARK: Reading values

    /// The scalar text, if this is a scalar.
    var scalar: String? {
        if case .scalar(let s, _) = kind { return s }
        return nil
    }

    /// A short name of the node's kind for messages.
    var kindName: String {
        switch kind {
        case .scalar(let s, let quoted):
            if quoted { return "a string" }
            if s == "true" || s == "false" { return "a boolean" }
            if Int64(s) != nil { return "an integer" }
            return s.isEmpty ? "an empty value" : "a string"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The node as an untyped value, with YAML's core-schema resolution of plain scalars.
    var untyped: UntypedValue {
        switch kind {
        case .scalar(let s, let quoted):
            if quoted { return .string(s) }
            switch s {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default:
                if let i = Int64(s) { return .int(i) }
                if s.contains("."), let d = Double(s) { return .double(d) }
                return .string(s)
            }
        case .mapping(let pairs):
            return .map(pairs.map { (key: $0.key.scalar ?? "", value: $0.value.untyped) })
        case .sequence(let items):
            return .list(items.map(\.untyped))
        }
    }

    /// The position of the node at a dotted path below this one (`a.b[2].c`), or this node's when not found.
    func position(at path: String) -> SourcePosition {
        var node = self
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    case .sequence(let items) = node.kind, index < items.count
                else { break }
                node = items[index]
                rest = rest[rest.index(after: close)...]
            } else {
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                let key = rest[..<end]
                guard case .mapping(let pairs) = node.kind,
                    let pair = pairs.first(where: { $0.key.scalar == String(key) })
                else { break }
                node = pair.key.scalar == String(key) && rest[end...].isEmpty ? pair.key : pair.value
                rest = rest[end...]
            }
        }
        return node.position
    }
}
