extension Parser {
    /// Binary operators by precedence: 0 `||`, 1 `&&`, 2 relations, 3 additive, 4 multiplicative.
    static func binaryOperator(_ kind: TokenKind) -> (precedence: Int, function: String)? {
        switch kind {
        case .or: return (0, Operator.or)
        case .and: return (1, Operator.and)
        case .less: return (2, Operator.less)
        case .lessEqual: return (2, Operator.lessEquals)
        case .greater: return (2, Operator.greater)
        case .greaterEqual: return (2, Operator.greaterEquals)
        case .equal: return (2, Operator.equals)
        case .notEqual: return (2, Operator.notEquals)
        case .inKeyword: return (2, Operator.in)
        case .plus: return (3, Operator.add)
        case .minus: return (3, Operator.subtract)
        case .star: return (4, Operator.multiply)
        case .slash: return (4, Operator.divide)
        case .percent: return (4, Operator.modulo)
        default: return nil
        }
    }

    /// A binary operator occurrence between two operands of a flat operator sequence.
    struct BinaryOperator {
        let precedence: Int
        let function: String
        let offset: Int
    }

    /// Parses `operand (op operand)*` iteratively, then builds the tree by precedence, so that nesting
    /// depth of the parser's recursion does not grow with the length of operator chains.
    mutating func parseBinary() throws(SyntaxError) -> Expr {
        let first = try parseUnary()
        guard Parser.binaryOperator(token.kind) != nil else { return first }
        return try parseBinaryRest(first)
    }

    @inline(never)
    mutating func parseBinaryRest(_ first: Expr) throws(SyntaxError) -> Expr {
        var operands = [first]
        var operators: [BinaryOperator] = []
        while let (precedence, function) = Parser.binaryOperator(token.kind) {
            operators.append(BinaryOperator(precedence: precedence, function: function, offset: token.start))
            try advance()
            operands.append(try parseUnary())
        }
        return try build(operands, operators, 0, operands.count - 1, precedence: 0)
    }

    /// Builds operands[low...high] joined by operators[low..<high]; `&&`/`||` chains become balanced trees,
    /// the other levels associate to the left.
    mutating func build(
        _ operands: [Expr], _ operators: [BinaryOperator], _ low: Int, _ high: Int,
        precedence: Int
    ) throws(SyntaxError) -> Expr {
        if low == high { return operands[low] }
        var splits: [Int] = []
        var level = precedence
        while level <= 4 {
            for index in low..<high where operators[index].precedence == level { splits.append(index) }
            if !splits.isEmpty { break }
            level += 1
        }
        if level <= 1 {
            return try balance(operands, operators, splits, low, high, 0, splits.count - 1, level)
        }
        var bounds = low
        var result = try build(operands, operators, low, splits[0], precedence: level + 1)
        for (position, split) in splits.enumerated() {
            bounds = split + 1
            let end = position + 1 < splits.count ? splits[position + 1] : high
            let right = try build(operands, operators, bounds, end, precedence: level + 1)
            result = try call(operators[split].function, at: operators[split].offset, [result, right])
        }
        return result
    }

    /// Balanced tree over the segments between `splits[first...last]` (all `&&` or all `||`).
    mutating func balance(
        _ operands: [Expr], _ operators: [BinaryOperator], _ splits: [Int], _ low: Int,
        _ high: Int, _ first: Int, _ last: Int, _ level: Int
    ) throws(SyntaxError) -> Expr {
        if first > last { return try build(operands, operators, low, high, precedence: level + 1) }
        let middle = (first + last) / 2
        let split = splits[middle]
        let left = try balance(operands, operators, splits, low, split, first, middle - 1, level)
        let right = try balance(operands, operators, splits, split + 1, high, middle + 1, last, level)
        return try call(operators[split].function, at: operators[split].offset, [left, right])
    }

    /// `!`/`-` prefixes; a `-` directly before a numeric literal folds into it (so `-9223372036854775808` works).
    @inline(never)
    mutating func parsePrefixed() throws(SyntaxError) -> Expr {
        var operators: [Int] = []
        if token.kind == .bang {
            while token.kind == .bang {
                operators.append(token.start)
                try advance()
            }
            var operand = try parseMember()
            for offset in operators.reversed() { operand = try call(Operator.not, at: offset, [operand]) }
            return operand
        }
        while token.kind == .minus {
            operators.append(token.start)
            try advance()
        }
        var operand: Expr
        if let literal = negatedLiteral(), !isMemberSuffix(peekKind()) {
            let offset = operators.removeLast()
            try advance()
            operand = try node(.literal(literal), at: offset)
        } else {
            operand = try parseMember()
        }
        for offset in operators.reversed() { operand = try call(Operator.negate, at: offset, [operand]) }
        return operand
    }

    /// The negated value of the current numeric literal token, when it can absorb a leading minus.
    func negatedLiteral() -> CELValue? {
        switch token.kind {
        case .int(let magnitude):
            return magnitude == UInt64(Int64.max) + 1 ? .int(Int64.min) : .int(-Int64(magnitude))
        case .double(let value):
            return .double(-value)
        default:
            return nil
        }
    }

    func isMemberSuffix(_ kind: TokenKind) -> Bool {
        kind == .dot || kind == .lbracket || kind == .lparen || kind == .lbrace
    }
}
