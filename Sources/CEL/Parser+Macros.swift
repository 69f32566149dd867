extension Parser {
    /// Expands `has(e.f)` and the comprehension macros; nil when the call is an ordinary function call.
    mutating func expandMacro(
        _ name: String, target: Expr?, args: [Expr], at offset: Int
    )
        throws(SyntaxError) -> Expr?
    {
        guard let target else {
            guard name == "has", args.count == 1 else { return nil }
            guard case .select(let operand, let field, false) = args[0].kind else {
                throw SyntaxError(
                    message: "invalid argument to has() macro: expected a field selection like "
                        + "has(x.field)", offset: args[0].offset)
            }
            return try node(.select(operand: operand, field: field, testOnly: true), at: offset, children: [operand])
        }
        let kind: ComprehensionKind
        let twoVariables: Bool
        switch (name, args.count) {
        case ("all", 2), ("all", 3): kind = .all; twoVariables = args.count == 3
        case ("exists", 2), ("exists", 3): kind = .exists; twoVariables = args.count == 3
        case ("exists_one", 2), ("exists_one", 3), ("existsOne", 2), ("existsOne", 3):
            kind = .existsOne; twoVariables = args.count == 3
        case ("map", 2), ("map", 3): kind = .map; twoVariables = false
        case ("filter", 2): kind = .filter; twoVariables = false
        case ("transformList", 3), ("transformList", 4): kind = .transformList; twoVariables = true
        case ("transformMap", 3), ("transformMap", 4): kind = .transformMap; twoVariables = true
        default: return nil
        }
        let first = try variableName(args[0], macro: name)
        var second: String?
        var rest = Array(args.dropFirst())
        if twoVariables {
            let value = try variableName(args[1], macro: name)
            guard value != first else {
                throw SyntaxError(
                    message: "\(name)() macro needs two different variable names, got '\(first)' twice",
                    offset: args[1].offset)
            }
            second = value
            rest.removeFirst()
        }
        let predicate: Expr?
        let transform: Expr?
        switch kind {
        case .all, .exists, .existsOne, .filter:
            predicate = rest[0]
            transform = nil
        case .map, .transformList, .transformMap:
            predicate = rest.count == 2 ? rest[0] : nil
            transform = rest[rest.count - 1]
        }
        let comprehension = Comprehension(
            kind: kind, variable: first, variable2: second, range: target,
            predicate: predicate, transform: transform)
        return try node(.comprehension(comprehension), at: offset, children: [target] + rest)
    }

    private func variableName(_ expr: Expr, macro: String) throws(SyntaxError) -> String {
        guard case .identifier(let name) = expr.kind else {
            throw SyntaxError(message: "\(macro)() macro variable must be a simple name", offset: expr.offset)
        }
        return name
    }
}
