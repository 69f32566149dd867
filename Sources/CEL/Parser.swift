/// Recursive-descent parser producing `Expr` trees with macros expanded.
///
/// Nesting is limited to `maxDepth` levels (both syntactic nesting and the height of the resulting tree,
/// so a chain like `a + b + ...` counts one level per operator), so that parsing, checking and evaluation never
/// exhaust the stack: the deepest accepted expression needs roughly 256 KiB of stack in optimized builds and
/// 1 MiB in debug builds. `&&`/`||` chains are balanced and barely count.
struct Parser {
    /// Maximum nesting depth of an expression; deeper input is rejected with a syntax error.
    static let maxDepth = 100

    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    ]

    private var lexer: Lexer
    private(set) var token: Token
    private var nextID = 1
    private var depth = 0

    init(source: SourceText) throws(SyntaxError) {
        lexer = Lexer(bytes: source.bytes)
        token = Token(kind: .eof, start: 0, end: 0)
        token = try lexer.next()
    }

    /// Parses a whole expression.
    static func parse(_ source: SourceText) throws(SyntaxError) -> Expr {
        var parser = try Parser(source: source)
        let expr = try parser.parseExpr()
        guard parser.token.kind == .eof else {
            throw SyntaxError(
                message: "unexpected \(parser.token.kind.display) after the end of the expression",
                offset: parser.token.start)
        }
        return expr
    }

    // MARK: - Token helpers

    mutating func advance() throws(SyntaxError) {
        token = try lexer.next()
    }

    /// The kind of the token after the current one.
    func peekKind() -> TokenKind {
        var copy = lexer
        return (try? copy.next().kind) ?? .eof
    }

    mutating func expect(_ kind: TokenKind, _ context: String) throws(SyntaxError) {
        guard token.kind == kind else {
            throw SyntaxError(
                message: "expected \(kind.display) \(context), found \(token.kind.display)",
                offset: token.start)
        }
        try advance()
    }

    mutating func node(_ kind: ExprKind, at offset: Int, children: [Expr] = []) throws(SyntaxError) -> Expr {
        let height = 1 + (children.map(\.height).max() ?? 0)
        guard height <= Parser.maxDepth else {
            throw SyntaxError(
                message: "expression nesting exceeds the maximum depth of \(Parser.maxDepth)",
                offset: offset)
        }
        defer { nextID += 1 }
        return Expr(id: nextID, offset: offset, height: height, kind: kind)
    }

    mutating func call(
        _ function: String, at offset: Int, target: Expr? = nil, _ args: [Expr]
    )
        throws(SyntaxError) -> Expr
    {
        try node(
            .call(function: function, target: target, args: args), at: offset,
            children: args + (target.map { [$0] } ?? []))
    }

    // MARK: - Grammar

    // The functions parseExpr → parseBinary → parseUnary → parseMember → parsePrimary form the recursive path
    // for nested expressions; they stay small and hand everything else to non-inlined helpers, because their
    // frame sizes bound how deeply nested an expression can be parsed on a given stack.

    mutating func parseExpr() throws(SyntaxError) -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maxDepth else { throw depthError() }
        let condition = try parseBinary()
        guard token.kind == .question else { return condition }
        return try parseConditional(condition)
    }

    @inline(never)
    func depthError() -> SyntaxError {
        SyntaxError(message: "expression nesting exceeds the maximum depth of \(Parser.maxDepth)", offset: token.start)
    }

    @inline(never)
    mutating func parseConditional(_ condition: Expr) throws(SyntaxError) -> Expr {
        let offset = token.start
        try advance()
        let whenTrue = try parseBinary()
        try expect(.colon, "in conditional expression")
        let whenFalse = try parseExpr()
        return try call(Operator.conditional, at: offset, [condition, whenTrue, whenFalse])
    }

    mutating func parseUnary() throws(SyntaxError) -> Expr {
        switch token.kind {
        case .bang, .minus: return try parsePrefixed()
        default: return try parseMember()
        }
    }

    mutating func parseMember() throws(SyntaxError) -> Expr {
        let primary = try parsePrimary()
        switch token.kind {
        case .dot, .lbracket, .lbrace: return try parseSuffixes(primary)
        default: return primary
        }
    }

    mutating func parsePrimary() throws(SyntaxError) -> Expr {
        switch token.kind {
        case .lparen:
            try advance()
            let inner = try parseExpr()
            try expect(.rparen, "to close the parenthesis")
            return inner.grouped()
        case .lbracket:
            return try parseList()
        case .lbrace:
            return try parseMap()
        case .identifier:
            return try parseIdentifier()
        default:
            return try parseOtherPrimary()
        }
    }
}
