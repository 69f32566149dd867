/// Zero-width assertions.
enum Assertion: UInt32, Sendable {
    /// `\A`, or `^` without the `m` flag: start of text.
    case beginText
    /// `\z`, or `$` without the `m` flag: end of text.
    case endText
    /// `^` with the `m` flag: start of text or just after `\n`.
    case beginLine
    /// `$` with the `m` flag: end of text or just before `\n`.
    case endLine
    /// `\b`: between an ASCII word character and a non-word character (or a text edge).
    case wordBoundary
    /// `\B`: not at an ASCII word boundary.
    case notWordBoundary
}

/// A parsed and simplified regular expression.
indirect enum Node: Sendable {
    /// Matches the empty string.
    case empty
    /// Matches nothing (e.g. an empty character class).
    case noMatch
    /// Matches one code point.
    case literal(UInt32)
    /// Matches one code point from a set (neither empty nor full: those become `noMatch`/`anyChar`).
    case charClass(CharClass)
    /// Matches any code point, including `\n`.
    case anyChar
    /// Matches any code point except `\n`.
    case anyCharExceptNewline
    /// A zero-width assertion.
    case assertion(Assertion)
    /// A capturing group with its 1-based index.
    case capture(Node, index: Int)
    /// A sequence; never nested directly inside another concatenation and never of fewer than two items.
    case concat([Node])
    /// Alternatives in priority order (leftmost first); never of fewer than two items.
    case alternate([Node])
    /// `min` to `max` copies (`max == nil` for unbounded), greedy or lazy.
    case repetition(Node, min: Int, max: Int?, greedy: Bool)

    /// A set of code points as a node, collapsing trivial sets.
    static func fromClass(_ set: CharClass) -> Node {
        if set.isEmpty {
            return .noMatch
        }
        if set.isFull {
            return .anyChar
        }
        if let scalar = set.singleScalar {
            return .literal(scalar)
        }
        return .charClass(set)
    }

    /// A concatenation of `items`, flattening nested concatenations and dropping empties.
    static func concatenation(_ items: [Node]) -> Node {
        var flat: [Node] = []
        flat.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .empty:
                continue
            case .concat(let inner):
                flat.append(contentsOf: inner)
            default:
                flat.append(item)
            }
        }
        switch flat.count {
        case 0: return .empty
        case 1: return flat[0]
        default: return .concat(flat)
        }
    }

    /// An alternation of `items` in priority order, flattening nested alternations.
    static func alternation(_ items: [Node]) -> Node {
        var flat: [Node] = []
        flat.reserveCapacity(items.count)
        for item in items {
            if case .alternate(let inner) = item {
                flat.append(contentsOf: inner)
            } else {
                flat.append(item)
            }
        }
        return flat.count == 1 ? flat[0] : .alternate(flat)
    }

    /// A repetition of `node`, simplifying the trivial counts `{1}` and `{0}`.
    static func repeating(_ node: Node, min: Int, max: Int?, greedy: Bool) -> Node {
        if min == 1 && max == 1 {
            return node
        }
        if max == 0 {
            return .empty
        }
        switch node {
        case .empty, .assertion:
            // Repeating something of zero width any positive number of times is the same as once;
            // allowing zero times makes it optional.
            return min == 0 ? .repetition(node, min: 0, max: 1, greedy: greedy) : node
        case .noMatch:
            return min == 0 ? .empty : .noMatch
        default:
            return .repetition(node, min: min, max: max, greedy: greedy)
        }
    }

    /// Releases trees iteratively: each node's children are moved to an explicit stack before the
    /// node itself is freed, so destroying a deeply nested tree cannot overflow the call stack.
    /// Only trees referenced solely by `nodes` benefit; `nodes` is left empty.
    static func dismantle(_ nodes: inout [Node]) {
        var stack = nodes
        nodes = []
        while let node = stack.popLast() {
            switch node {
            case .capture(let body, _), .repetition(let body, _, _, _):
                stack.append(body)
            case .concat(let items), .alternate(let items):
                stack.append(contentsOf: items)
            default:
                break
            }
        }
    }
}
