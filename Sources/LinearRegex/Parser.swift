/// Matching flags that `(?imsU)` groups switch on and off.
struct ParseFlags: Sendable, Equatable {
    /// `i`: case-insensitive matching with simple case folding.
    var caseInsensitive = false
    /// `m`: `^` and `$` also match at line boundaries.
    var multiLine = false
    /// `s`: `.` also matches `\n`.
    var dotAll = false
    /// `U`: swaps the meaning of greedy and lazy repetition operators.
    var ungreedy = false
}

/// One open group on the parser's explicit stack (the root counts as a group).
struct GroupFrame {
    enum Kind {
        case root
        case capture(Int)
        case nonCapture
    }

    let kind: Kind
    /// Scalar offset of the group's `(`.
    let openOffset: Int
    /// Flags in force before the group opened; restored when it closes.
    let savedFlags: ParseFlags
    /// Finished alternatives, in priority order.
    var alternatives: [Node] = []
    /// Items of the alternative being read.
    var items: [Node] = []
    /// For each item, how many copies of its innermost expression nested counted repetitions make
    /// (RE2 limits this product to 1000).
    var factors: [Int] = []
    /// The largest factor among finished alternatives.
    var alternativesFactor = 1

    /// The largest repetition factor in the group's body.
    var bodyFactor: Int {
        Swift.max(alternativesFactor, factors.max() ?? 1)
    }

    /// The group's body: its alternatives, each a concatenation.
    func body() -> Node {
        let current = Node.concatenation(items)
        if alternatives.isEmpty {
            return current
        }
        return Node.alternation(alternatives + [current])
    }
}

/// An iterative (explicit-stack) parser for RE2 syntax.
///
/// The parser never recurses on nesting, so deeply nested input cannot exhaust the call stack;
/// nesting is limited to `maxNesting` groups.
struct Parser {
    /// RE2's maximum repetition count.
    static let maxRepeat = 1000
    /// Maximum depth of nested groups.
    static let maxNesting = 1000

    let scalars: [Unicode.Scalar]
    var position = 0
    var flags = ParseFlags()
    var stack: [GroupFrame] = []
    var captureNames: [String?] = [nil]
    var usedNames: Set<String> = []
    /// Offset of the repetition operator that the previous token was, if it was one.
    var lastRepeatStart: Int?

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    /// Parses the whole pattern into a tree; `captureNames` then lists the groups.
    ///
    /// On failure the partial trees are released without recursion (see `Node.dismantle`).
    mutating func parse() throws -> Node {
        stack = [GroupFrame(kind: .root, openOffset: 0, savedFlags: flags)]
        do {
            try parseTokens()
        } catch {
            var pending: [Node] = []
            for frame in stack {
                pending += frame.alternatives
                pending += frame.items
            }
            stack = []
            Node.dismantle(&pending)
            throw error
        }
        let root = stack[0].body()
        stack = []
        return root
    }

    /// Reads every token, leaving the root frame complete on the stack.
    private mutating func parseTokens() throws {
        while position < scalars.count {
            let tokenStart = position
            var isRepeat = false
            switch scalars[position] {
            case "(":
                try openGroup()
            case "|":
                position += 1
                finishAlternative()
            case ")":
                try closeGroup()
            case "^":
                position += 1
                push(.assertion(flags.multiLine ? .beginLine : .beginText))
            case "$":
                position += 1
                push(.assertion(flags.multiLine ? .endLine : .endText))
            case ".":
                position += 1
                push(flags.dotAll ? .anyChar : .anyCharExceptNewline)
            case "[":
                push(try parseBracketClass())
            case "*", "+", "?":
                try parseRepeatOperator()
                isRepeat = true
            case "{":
                if let counts = try parseCountedRepeat() {
                    try applyRepetition(min: counts.min, max: counts.max, operatorStart: tokenStart)
                    isRepeat = true
                } else {
                    position += 1
                    pushLiteral(scalars[tokenStart].value)
                }
            case "\\":
                try parseEscapeOutsideClass()
            default:
                pushLiteral(scalars[position].value)
                position += 1
            }
            lastRepeatStart = isRepeat ? tokenStart : nil
        }
        if stack.count > 1 {
            let open = stack[stack.count - 1].openOffset
            throw LinearRegexError(.missingParen, text(open..<scalars.count), at: open)
        }
    }

    /// The pattern text of a scalar range, for error messages.
    func text(_ range: Range<Int>) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[max(0, range.lowerBound)..<min(scalars.count, range.upperBound)])
        return String(result)
    }

    /// The scalar `offset` places ahead of the current position, if any.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    /// Appends a node (with its repetition factor) to the alternative being read.
    mutating func push(_ node: Node, factor: Int = 1) {
        stack[stack.count - 1].items.append(node)
        stack[stack.count - 1].factors.append(factor)
    }

    /// Removes and returns the last item of the alternative being read, with its repetition factor.
    mutating func popItem() -> (node: Node, factor: Int)? {
        let top = stack.count - 1
        guard let node = stack[top].items.popLast(), let factor = stack[top].factors.popLast() else { return nil }
        return (node, factor)
    }

    /// Ends the alternative being read at a `|`.
    mutating func finishAlternative() {
        let top = stack.count - 1
        stack[top].alternatives.append(Node.concatenation(stack[top].items))
        stack[top].alternativesFactor = stack[top].bodyFactor
        stack[top].items = []
        stack[top].factors = []
    }

    /// Appends a literal, as a case-folded class when `i` is on and the literal has case variants.
    mutating func pushLiteral(_ scalar: UInt32) {
        if flags.caseInsensitive {
            let orbit = CaseFolding.orbit(of: scalar)
            if orbit.count > 1 {
                push(.charClass(CharClass(orbit.map { ScalarRange($0, $0) })))
                return
            }
        }
        push(.literal(scalar))
    }

    /// Closes the innermost group at a `)`.
    mutating func closeGroup() throws {
        guard stack.count > 1 else {
            throw LinearRegexError(.unexpectedParen, ")", at: position)
        }
        position += 1
        let frame = stack.removeLast()
        var node = frame.body()
        if case .capture(let index) = frame.kind {
            node = .capture(node, index: index)
        }
        flags = frame.savedFlags
        push(node, factor: frame.bodyFactor)
    }

    /// Pushes a new group frame, enforcing the nesting limit.
    mutating func pushFrame(_ kind: GroupFrame.Kind, openOffset: Int, savedFlags: ParseFlags) throws {
        guard stack.count <= Parser.maxNesting else {
            throw LinearRegexError(.nestingTooDeep, "(", at: openOffset, note: "more than \(Parser.maxNesting) levels")
        }
        stack.append(GroupFrame(kind: kind, openOffset: openOffset, savedFlags: savedFlags))
    }
}
