import LinearRegex

extension Planner {
    /// Plans a call of a standard-library function; folds it to a constant when all arguments are constant.
    @inline(never)
    mutating func planStandard(
        _ expr: Expr, _ name: String, _ args: [Node], _ location: CELSourceLocation
    )
        throws(PlanError) -> Node
    {
        let node = try specialized(expr, name, args, location) ?? generic(name, args, location)
        guard args.allSatisfy({ $0.constant != nil }) else { return node }
        var scratch = Frame(variables: [], resolver: nil, locals: [], budget: Int.max / 2)
        guard let value = try? node.eval(&scratch) else { return node }
        return Node(constant: value)
    }

    private func generic(_ name: String, _ args: [Node], _ location: CELSourceLocation) -> Node {
        switch args.count {
        case 1:
            guard let function = Builtins.unary(name) else { break }
            let a = args[0].eval
            return Node { frame throws(CELEvaluationError) in
                let x = try a(&frame)
                try frame.charge(1)
                do throws(CELEvaluationError) { return try function(&frame, x) } catch { throw error.located(location) }
            }
        case 2:
            guard let function = Builtins.binary(name) else { break }
            let a = args[0].eval
            let b = args[1].eval
            return Node { frame throws(CELEvaluationError) in
                let x = try a(&frame)
                let y = try b(&frame)
                try frame.charge(1)
                do throws(CELEvaluationError) {
                    return try function(&frame, x, y)
                } catch {
                    throw error.located(location)
                }
            }
        default:
            break
        }
        let count = args.count
        return Node { _ throws(CELEvaluationError) in
            throw CELEvaluationError(
                .noMatchingOverload,
                "found no matching overload for '\(name)' with \(count) argument(s)",
                location: location)
        }
    }

    /// Hand-tuned plans for equality, constant regular expressions and constant time zones.
    private func specialized(
        _ expr: Expr, _ name: String, _ args: [Node], _ location: CELSourceLocation
    )
        throws(PlanError) -> Node?
    {
        switch name {
        case Operator.equals, Operator.notEquals:
            return planEquality(negate: name == Operator.notEquals, args[0], args[1])
        case "matches" where args.count == 2:
            guard case .string(let pattern)? = args[1].constant else { return nil }
            let regex: LinearRegex
            do {
                regex = try LinearRegex(pattern)
            } catch {
                let offset = expr.offset
                throw PlanError(message: "invalid regular expression '\(pattern)': \(error)", offset: offset)
            }
            let text = args[0].eval
            return Node { frame throws(CELEvaluationError) in
                let value = try text(&frame)
                guard case .string(let string) = value else {
                    throw CELEvaluationError.noOverload("matches", value, .string(pattern)).located(location)
                }
                return .bool(try Cost.match(regex, string, &frame))
            }
        case _ where args.count == 2 && TimeAccessors.isAccessor(name):
            guard case .string(let zoneName)? = args[1].constant else { return nil }
            guard let zone = CELTimeZone.parse(zoneName) else {
                throw PlanError(message: "unknown time zone '\(zoneName)'", offset: expr.offset)
            }
            let field = TimeAccessors.field(name)
            let receiver = args[0].eval
            return Node { frame throws(CELEvaluationError) in
                let value = try receiver(&frame)
                try frame.charge(1)
                guard case .timestamp(let timestamp) = value else {
                    throw CELEvaluationError.noOverload(name, value, .string(zoneName)).located(location)
                }
                return .int(field(timestamp.components(offset: zone.offset(at: timestamp))))
            }
        default:
            return nil
        }
    }

    private func planEquality(negate: Bool, _ left: Node, _ right: Node) -> Node {
        if let constant = right.constant ?? left.constant, left.constant == nil || right.constant == nil {
            let other = right.constant == nil ? right.eval : left.eval
            if case .string(let expected) = constant {
                return Node { frame throws(CELEvaluationError) in
                    let value = try other(&frame)
                    try frame.charge(1)
                    if case .string(let actual) = value { return .bool(utf8Equal(actual, expected) != negate) }
                    return .bool(value.celEquals(constant) != negate)
                }
            }
            return Node { frame throws(CELEvaluationError) in
                let value = try other(&frame)
                try frame.charge(1 + equalityCost(value))
                return .bool(value.celEquals(constant) != negate)
            }
        }
        let a = left.eval
        let b = right.eval
        return Node { frame throws(CELEvaluationError) in
            let x = try a(&frame)
            let y = try b(&frame)
            try frame.charge(1 + equalityCost(x))
            return .bool(x.celEquals(y) != negate)
        }
    }
}

/// Extra cost of comparing aggregates element by element.
@inline(__always)
func equalityCost(_ value: CELValue) -> Int {
    switch value {
    case .list(let elements): return Cost.elements(elements.count)
    case .map(let map): return Cost.elements(map.count)
    default: return 0
    }
}
