/// How the checker resolved a call: the function name and the overloads that may apply.
struct CallResolution: Sendable {
    /// The function name, qualified when the call was a namespaced global call like `a.b.f(x)`.
    let function: String
    /// Whether the call's target is passed as the first argument.
    let receiverStyle: Bool
    /// Overloads whose signature accepts the argument types.
    let overloads: [CELOverload]
}

/// Output of type checking, consumed by the planner.
struct CheckResult: Sendable {
    var types: [Int: CELType] = [:]
    var calls: [Int: CallResolution] = [:]
}

/// Resolves names, fields and overloads, and infers types; reports problems as diagnostics.
struct Checker {
    let environment: CELEnvironment
    let source: SourceText
    var diagnostics: [CELDiagnostic] = []
    var result = CheckResult()
    var scopes: [[String: CELType]] = []

    init(environment: CELEnvironment, source: SourceText) {
        self.environment = environment
        self.source = source
    }

    mutating func check(_ expr: Expr) -> CheckResult {
        _ = visit(expr)
        return result
    }

    mutating func error(_ message: String, _ offset: Int) {
        diagnostics.append(source.diagnostic(message, at: offset))
    }

    func localType(_ name: String) -> CELType? {
        for scope in scopes.reversed() {
            if let type = scope[name] { return type }
        }
        return nil
    }

    /// Whether a qualified name's first component is shadowed by a comprehension variable.
    func isShadowed(_ qualified: String) -> Bool {
        let head = qualified.split(separator: ".", maxSplits: 1).first.map(String.init) ?? qualified
        return localType(head) != nil
    }

    @discardableResult
    mutating func visit(_ expr: Expr) -> CELType {
        let type = visitKind(expr)
        result.types[expr.id] = type
        return type
    }

    /// Dispatches on the node kind; kept small because it is on the recursive path.
    private mutating func visitKind(_ expr: Expr) -> CELType {
        switch expr.kind {
        case .literal, .identifier: return visitLeaf(expr)
        case .select: return visitSelect(expr)
        case .call: return visitCall(expr)
        case .list, .map: return visitAggregate(expr)
        case .message: return visitMessage(expr)
        case .comprehension: return visitComprehension(expr)
        }
    }

    @inline(never)
    private mutating func visitLeaf(_ expr: Expr) -> CELType {
        switch expr.kind {
        case .literal(let value):
            return TypeRelations.literalType(value)
        case .identifier(let name):
            if let local = localType(name) { return local }
            switch environment.resolve(name) {
            case .variable(_, let type): return type
            case .typeValue: return .type
            case nil:
                error("undeclared reference to '\(name)'", expr.offset)
                return .dyn
            }
        default:
            return .dyn
        }
    }

    @inline(never)
    private mutating func visitAggregate(_ expr: Expr) -> CELType {
        if case .list(let elements) = expr.kind {
            var elementType: CELType?
            for element in elements {
                let type = visit(element)
                elementType = elementType.map { TypeRelations.join($0, type) } ?? type
            }
            return .list(elementType ?? .dyn)
        }
        guard case .map(let entries) = expr.kind else { return .dyn }
        var keyType: CELType?
        var valueType: CELType?
        for entry in entries {
            let key = visit(entry.key)
            switch key {
            case .string, .int, .uint, .bool, .dyn, .typeParam: break
            default: error("unsupported map key type '\(key)'", entry.key.offset)
            }
            let value = visit(entry.value)
            keyType = keyType.map { TypeRelations.join($0, key) } ?? key
            valueType = valueType.map { TypeRelations.join($0, value) } ?? value
        }
        return .map(keyType ?? .dyn, valueType ?? .dyn)
    }

    @inline(never)
    private mutating func visitMessage(_ expr: Expr) -> CELType {
        guard case .message(let typeName, let fields) = expr.kind else { return .dyn }
        for field in fields { visit(field.value) }
        error("message construction '\(typeName){...}' is not supported", expr.offset)
        return .dyn
    }

    @inline(never)
    private mutating func visitSelect(_ expr: Expr) -> CELType {
        guard case .select(let operand, let field, let testOnly) = expr.kind else { return .dyn }
        if !testOnly, let name = qualifiedName(expr), !isShadowed(name) {
            switch environment.resolve(name) {
            case .variable(_, let type): return type
            case .typeValue: return .type
            case nil: break
            }
        }
        let operandType = visit(operand)
        let fieldType = selectType(operandType, field, expr.offset)
        return testOnly ? .bool : fieldType
    }

    private mutating func selectType(_ operandType: CELType, _ field: String, _ offset: Int) -> CELType {
        switch operandType {
        case .message(let name), .nullable(.message(let name)):
            guard let provider = environment.typeProvider else {
                error("no type provider is configured to resolve fields of '\(name)'", offset)
                return .dyn
            }
            guard let type = provider.fieldType(of: name, field: field) else {
                error("no such field '\(field)' on type '\(name)'", offset)
                return .dyn
            }
            return type
        case .map(let key, let value):
            switch key {
            case .string, .dyn, .typeParam: return value
            default:
                error("type '\(operandType)' does not support field selection (keys are not strings)", offset)
                return .dyn
            }
        case .dyn, .typeParam:
            return .dyn
        default:
            error("type '\(operandType)' does not support field selection", offset)
            return .dyn
        }
    }

    @inline(never)
    private mutating func visitComprehension(_ expr: Expr) -> CELType {
        guard case .comprehension(let comprehension) = expr.kind else { return .dyn }
        let rangeType = visit(comprehension.range)
        var first: CELType = .dyn
        var second: CELType = .dyn
        switch rangeType {
        case .list(let element):
            if comprehension.variable2 != nil {
                first = .int
                second = element
            } else {
                first = element
            }
        case .map(let key, let value):
            first = key
            second = value
        case .dyn, .typeParam:
            break
        default:
            error(
                "expression of type '\(rangeType)' cannot be the range of a comprehension "
                    + "(must be a list or a map)", comprehension.range.offset)
        }
        var scope = [comprehension.variable: first]
        if let variable2 = comprehension.variable2 { scope[variable2] = second }
        scopes.append(scope)
        defer { scopes.removeLast() }
        if let predicate = comprehension.predicate {
            let type = visit(predicate)
            var substitution: Substitution = [:]
            if !TypeRelations.isAssignable(.bool, type, &substitution) {
                error("macro predicate must be bool, found '\(type)'", predicate.offset)
            }
        }
        let transformType = comprehension.transform.map { visit($0) } ?? .dyn
        switch comprehension.kind {
        case .all, .exists, .existsOne: return .bool
        case .map, .transformList: return .list(transformType)
        case .filter:
            switch rangeType {
            case .list(let element): return .list(element)
            case .map(let key, _): return .list(key)
            default: return .list(.dyn)
            }
        case .transformMap:
            if case .map(let key, _) = rangeType { return .map(key, transformType) }
            if case .list = rangeType { return .map(.int, transformType) }
            return .map(.dyn, transformType)
        }
    }
}
