extension Parser {
    /// Field selections, method calls, indexing and message literals following a primary expression.
    @inline(never)
    mutating func parseSuffixes(_ primary: Expr) throws(SyntaxError) -> Expr {
        var expr = primary
        while true {
            switch token.kind {
            case .dot:
                try advance()
                expr = try parseSelectOrMethod(on: expr)
            case .lbracket:
                let offset = token.start
                try advance()
                if token.kind == .question {
                    throw SyntaxError(message: "optional indexing '[?' is not supported", offset: token.start)
                }
                let index = try parseExpr()
                try expect(.rbracket, "to close the index")
                expr = try call(Operator.index, at: offset, [expr, index])
            case .lbrace where qualifiedName(expr) != nil:
                expr = try parseMessage(typeName: qualifiedName(expr)!, at: expr.offset)
            default:
                return expr
            }
        }
    }

    @inline(never)
    mutating func parseSelectOrMethod(on operand: Expr) throws(SyntaxError) -> Expr {
        let offset = token.start
        switch token.kind {
        case .identifier(let name):
            try advance()
            if token.kind == .lparen {
                let args = try parseArguments()
                if let expanded = try expandMacro(name, target: operand, args: args, at: offset) { return expanded }
                return try call(name, at: offset, target: operand, args)
            }
            return try node(.select(operand: operand, field: name, testOnly: false), at: offset, children: [operand])
        case .quotedIdentifier(let name):
            try advance()
            if token.kind == .lparen {
                throw SyntaxError(message: "a quoted identifier cannot name a function", offset: offset)
            }
            return try node(.select(operand: operand, field: name, testOnly: false), at: offset, children: [operand])
        case .question:
            throw SyntaxError(message: "optional field selection '.?' is not supported", offset: offset)
        default:
            throw SyntaxError(
                message: "expected a field or method name after '.', found \(token.kind.display)",
                offset: offset)
        }
    }

    @inline(never)
    mutating func parseArguments() throws(SyntaxError) -> [Expr] {
        try expect(.lparen, "to start the argument list")
        var args: [Expr] = []
        if token.kind != .rparen {
            repeat {
                args.append(try parseExpr())
                guard token.kind == .comma else { break }
                try advance()
            } while true
        }
        try expect(.rparen, "to close the argument list")
        return args
    }

    /// Literals, `.name`, and errors (kept out of `parsePrimary`, which is on the recursive path).
    @inline(never)
    mutating func parseOtherPrimary() throws(SyntaxError) -> Expr {
        let offset = token.start
        let value: CELValue
        switch token.kind {
        case .int(let magnitude):
            guard magnitude <= UInt64(Int64.max) else {
                throw SyntaxError(message: "integer literal out of range for int", offset: offset)
            }
            value = .int(Int64(magnitude))
        case .uint(let literal): value = .uint(literal)
        case .double(let literal): value = .double(literal)
        case .string(let literal): value = .string(literal)
        case .bytes(let literal): value = .bytes(literal)
        case .trueLiteral: value = .bool(true)
        case .falseLiteral: value = .bool(false)
        case .nullLiteral: value = .null
        case .dot:
            try advance()
            guard case .identifier = token.kind else {
                throw SyntaxError(message: "expected an identifier after leading '.'", offset: token.start)
            }
            return try parseIdentifier()
        case .quotedIdentifier:
            throw SyntaxError(message: "quoted identifiers are only allowed after '.'", offset: offset)
        default:
            throw SyntaxError(message: "unexpected \(token.kind.display); expected an expression", offset: offset)
        }
        try advance()
        return try node(.literal(value), at: offset)
    }

    @inline(never)
    mutating func parseIdentifier() throws(SyntaxError) -> Expr {
        let offset = token.start
        guard case .identifier(let name) = token.kind else {
            throw SyntaxError(message: "expected an identifier", offset: offset)
        }
        guard !Parser.reserved.contains(name) else {
            throw SyntaxError(message: "reserved identifier '\(name)'", offset: offset)
        }
        try advance()
        if token.kind == .lparen {
            let args = try parseArguments()
            if let expanded = try expandMacro(name, target: nil, args: args, at: offset) { return expanded }
            return try call(name, at: offset, args)
        }
        return try node(.identifier(name), at: offset)
    }

    @inline(never)
    mutating func parseList() throws(SyntaxError) -> Expr {
        let offset = token.start
        try advance()
        var elements: [Expr] = []
        while token.kind != .rbracket {
            if token.kind == .question {
                throw SyntaxError(message: "optional list elements '?' are not supported", offset: token.start)
            }
            elements.append(try parseExpr())
            guard token.kind == .comma else { break }
            try advance()
        }
        try expect(.rbracket, "to close the list")
        return try node(.list(elements), at: offset, children: elements)
    }

    @inline(never)
    mutating func parseMap() throws(SyntaxError) -> Expr {
        let offset = token.start
        try advance()
        var entries: [MapEntry] = []
        var children: [Expr] = []
        while token.kind != .rbrace {
            if token.kind == .question {
                throw SyntaxError(message: "optional map entries '?' are not supported", offset: token.start)
            }
            let key = try parseExpr()
            let colon = token.start
            try expect(.colon, "between map key and value")
            let value = try parseExpr()
            entries.append(MapEntry(key: key, value: value, offset: colon))
            children.append(key)
            children.append(value)
            guard token.kind == .comma else { break }
            try advance()
        }
        try expect(.rbrace, "to close the map")
        return try node(.map(entries), at: offset, children: children)
    }

    @inline(never)
    mutating func parseMessage(typeName: String, at offset: Int) throws(SyntaxError) -> Expr {
        try advance()
        var fields: [FieldInitializer] = []
        while token.kind != .rbrace {
            let fieldOffset = token.start
            let name: String
            switch token.kind {
            case .identifier(let value), .quotedIdentifier(let value): name = value
            case .question:
                throw SyntaxError(message: "optional field initializers '?' are not supported", offset: fieldOffset)
            default:
                throw SyntaxError(message: "expected a field name, found \(token.kind.display)", offset: fieldOffset)
            }
            try advance()
            try expect(.colon, "after field name")
            let value = try parseExpr()
            fields.append(FieldInitializer(name: name, value: value, offset: fieldOffset))
            guard token.kind == .comma else { break }
            try advance()
        }
        try expect(.rbrace, "to close the message literal")
        return try node(.message(typeName: typeName, fields: fields), at: offset, children: fields.map(\.value))
    }
}

/// The dotted name spelled by an identifier or a chain of plain field selections, e.g. `a.b.c`.
func qualifiedName(_ expr: Expr) -> String? {
    switch expr.kind {
    case .identifier(let name): return name
    case .select(let operand, let field, false):
        guard !operand.isGrouped, let prefix = qualifiedName(operand) else { return nil }
        return prefix + "." + field
    default: return nil
    }
}
