extension Planner {
    /// Plans `operand.field` or `has(operand.field)`, specialized on the statically known operand type.
    @inline(never)
    func planSelect(_ expr: Expr, operand: Node, operandType: CELType, field: String, testOnly: Bool) -> Node {
        let location = location(expr)
        let selector = FieldSelector(field: field, provider: environment.typeProvider, location: location)
        let operandEval = operand.eval
        if let constant = operand.constant, case .map = constant {
            if let value = try? (testOnly ? selector.has(constant) : selector.select(constant)) {
                return Node(constant: value)
            }
        }
        if case .message(let typeName) = operandType,
            let fieldType = environment.typeProvider?.fieldType(of: typeName, field: field)
        {
            // The field's position is resolved once here, not by name on every evaluation.
            let index = environment.typeProvider?.fieldIndex(of: typeName, field: field)
            if testOnly {
                return Node { frame throws(CELEvaluationError) in
                    let value = try operandEval(&frame)
                    if case .object(let object) = value {
                        return .bool(
                            index.map { object.celHasField(at: $0, named: field) } ?? object.celHasField(field))
                    }
                    return try selector.has(value)
                }
            }
            let zero = zeroValue(of: fieldType)
            return Node { frame throws(CELEvaluationError) in
                let value = try operandEval(&frame)
                if case .object(let object) = value {
                    let found = index.map { object.celField(at: $0, named: field) } ?? object.celField(field)
                    return found ?? zero
                }
                return try selector.select(value)
            }
        }
        if testOnly {
            return Node { frame throws(CELEvaluationError) in try selector.has(try operandEval(&frame)) }
        }
        return Node { frame throws(CELEvaluationError) in try selector.select(try operandEval(&frame)) }
    }
}

/// Field selection and presence tests on maps and objects whose types are only known at runtime.
struct FieldSelector: Sendable {
    let field: String
    let key: MapKey
    let provider: (any CELTypeProvider)?
    let location: CELSourceLocation

    init(field: String, provider: (any CELTypeProvider)?, location: CELSourceLocation) {
        self.field = field
        key = .string(ExactString(field))
        self.provider = provider
        self.location = location
    }

    func select(_ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .map(let map):
            if let found = map[key] { return found }
            throw CELEvaluationError(.noSuchKey, "no such key: '\(field)'", location: location)
        case .object(let object):
            if let found = object.celField(field) { return found }
            guard let type = provider?.fieldType(of: object.celTypeName, field: field) else {
                throw CELEvaluationError(
                    .noSuchField, "no such field '\(field)' on type '\(object.celTypeName)'",
                    location: location)
            }
            return zeroValue(of: type)
        default:
            throw CELEvaluationError(
                .noSuchField,
                "type '\(value.typeName)' does not support field selection "
                    + "(selecting '\(field)')", location: location)
        }
    }

    func has(_ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .map(let map):
            return .bool(map[key] != nil)
        case .object(let object):
            if object.celHasField(field) { return .bool(true) }
            if let provider, provider.fieldType(of: object.celTypeName, field: field) == nil {
                throw CELEvaluationError(
                    .noSuchField, "no such field '\(field)' on type '\(object.celTypeName)'",
                    location: location)
            }
            return .bool(false)
        default:
            throw CELEvaluationError(
                .noSuchField, "has() cannot test field '\(field)' on type '\(value.typeName)'",
                location: location)
        }
    }
}
