extension Planner {
    /// The function a call resolves to, with the argument expressions to evaluate (receiver first).
    private struct CallTarget {
        let name: String
        let argExprs: [Expr]
        let overloads: [CELOverload]
    }

    @inline(never)
    mutating func planCall(_ expr: Expr) throws(PlanError) -> Node {
        guard case .call(let function, let target, let args) = expr.kind else { return Node(constant: .null) }
        switch function {
        case Operator.and, Operator.or:
            return try planLogical(expr, isAnd: function == Operator.and, args[0], args[1])
        case Operator.conditional:
            return try planConditional(expr, args[0], args[1], args[2])
        default:
            break
        }
        guard let callTarget = resolveCall(expr, function: function, target: target, args: args) else {
            return unboundFunction(function, location(expr))
        }
        var argNodes: [Node] = []
        argNodes.reserveCapacity(callTarget.argExprs.count)
        for arg in callTarget.argExprs { argNodes.append(try planNode(arg)) }
        return try finishCall(expr, callTarget, argNodes)
    }

    @inline(never)
    private func resolveCall(_ expr: Expr, function: String, target: Expr?, args: [Expr]) -> CallTarget? {
        if let resolution = checked?.calls[expr.id] {
            return CallTarget(
                name: resolution.function,
                argExprs: resolution.receiverStyle ? [target!] + args : args,
                overloads: resolution.overloads)
        }
        if let target, let prefix = qualifiedName(target), !isShadowed(prefix),
            let candidates = environment.functions[prefix + "." + function],
            candidates.contains(where: { !$0.isReceiver })
        {
            return CallTarget(
                name: prefix + "." + function, argExprs: args,
                overloads: candidates.filter { !$0.isReceiver && $0.parameters.count == args.count })
        }
        guard let candidates = environment.functions[function] else { return nil }
        let argExprs = target.map { [$0] + args } ?? args
        return CallTarget(
            name: function, argExprs: argExprs,
            overloads: candidates.filter {
                $0.isReceiver == (target != nil) && $0.parameters.count == argExprs.count
            })
    }

    @inline(never)
    private func unboundFunction(_ function: String, _ location: CELSourceLocation) -> Node {
        Node { _ throws(CELEvaluationError) in
            throw CELEvaluationError(.unboundFunction, "unbound function '\(function)'", location: location)
        }
    }

    @inline(never)
    private mutating func finishCall(
        _ expr: Expr, _ callTarget: CallTarget, _ argNodes: [Node]
    )
        throws(PlanError) -> Node
    {
        let location = location(expr)
        let name = callTarget.name
        let hostOverloads = callTarget.overloads.filter { $0.implementation != nil }
        let standard = callTarget.overloads.contains { $0.implementation == nil }
        if hostOverloads.isEmpty {
            guard standard else {
                let count = argNodes.count
                return Node { _ throws(CELEvaluationError) in
                    throw CELEvaluationError(
                        .noMatchingOverload,
                        "found no matching overload for '\(name)' with "
                            + "\(count) argument(s)", location: location)
                }
            }
            return try planStandard(expr, name, argNodes, location)
        }
        var fallback: Node?
        if standard { fallback = try planStandard(expr, name, argNodes, location) }
        return planHost(name, hostOverloads, argNodes, fallback: fallback, location)
    }

    @inline(never)
    private mutating func planLogical(
        _ expr: Expr, isAnd: Bool, _ left: Expr, _ right: Expr
    )
        throws(PlanError) -> Node
    {
        let leftNode = try planNode(left)
        let rightNode = try planNode(right)
        let name = isAnd ? Operator.and : Operator.or
        let location = location(expr)
        if case .bool(let value)? = leftNode.constant, value != isAnd { return leftNode }
        if case .bool(let value)? = rightNode.constant, value != isAnd { return rightNode }
        let lhs = leftNode.eval
        let rhs = rightNode.eval
        return Node { frame throws(CELEvaluationError) in
            let left: CELValue
            do throws(CELEvaluationError) {
                left = try lhs(&frame)
            } catch {
                return try Planner.logicalAfterLeftError(error, &frame, rhs, isAnd, location)
            }
            guard case .bool(let flag) = left else {
                return try Planner.logicalAfterLeftError(.noOverload(name, left), &frame, rhs, isAnd, location)
            }
            if flag != isAnd { return left }
            let right = try rhs(&frame)
            if case .bool = right { return right }
            throw CELEvaluationError.noOverload(name, right).located(location)
        }
    }

    /// `&&`/`||` after the left operand failed: a deciding right operand absorbs the error, otherwise the left
    /// error is the result. Cost-limit errors are never absorbed.
    @inline(never)
    static func logicalAfterLeftError(
        _ leftError: CELEvaluationError, _ frame: inout Frame, _ rhs: Eval,
        _ isAnd: Bool, _ location: CELSourceLocation
    ) throws(CELEvaluationError)
        -> CELValue
    {
        if leftError.kind == .costLimitExceeded { throw leftError }
        let right: CELValue
        do throws(CELEvaluationError) {
            right = try rhs(&frame)
        } catch {
            if error.kind == .costLimitExceeded { throw error }
            throw leftError.located(location)
        }
        if case .bool(let flag) = right, flag != isAnd { return right }
        throw leftError.located(location)
    }

    @inline(never)
    private mutating func planConditional(
        _ expr: Expr, _ condition: Expr, _ whenTrue: Expr, _ whenFalse: Expr
    )
        throws(PlanError) -> Node
    {
        let conditionNode = try planNode(condition)
        let trueNode = try planNode(whenTrue)
        let falseNode = try planNode(whenFalse)
        if case .bool(let flag)? = conditionNode.constant { return flag ? trueNode : falseNode }
        let location = location(expr)
        let test = conditionNode.eval
        let yes = trueNode.eval
        let no = falseNode.eval
        return Node { frame throws(CELEvaluationError) in
            let value = try test(&frame)
            guard case .bool(let flag) = value else {
                throw CELEvaluationError.noOverload(Operator.conditional, value).located(location)
            }
            return flag ? try yes(&frame) : try no(&frame)
        }
    }

    /// Calls host overloads, choosing the first whose parameter types accept the runtime arguments.
    @inline(never)
    private func planHost(
        _ name: String, _ overloads: [CELOverload], _ args: [Node], fallback: Node?,
        _ location: CELSourceLocation
    ) -> Node {
        let evals = args.map(\.eval)
        let candidates = overloads.map { (parameters: $0.parameters, implementation: $0.implementation!) }
        let fallbackEval = fallback?.eval
        return Node { frame throws(CELEvaluationError) in
            var values: [CELValue] = []
            values.reserveCapacity(evals.count)
            for eval in evals { values.append(try eval(&frame)) }
            try frame.charge(1)
            for candidate in candidates {
                var accepted = true
                for index in values.indices where !valueMatches(values[index], candidate.parameters[index]) {
                    accepted = false
                    break
                }
                guard accepted else { continue }
                do {
                    return try candidate.implementation(values)
                } catch let error as CELEvaluationError {
                    throw error.located(location)
                } catch {
                    throw CELEvaluationError(.host, "\(name): \(error)", location: location)
                }
            }
            if let fallbackEval { return try fallbackEval(&frame) }
            let types = values.map(\.typeName).joined(separator: ", ")
            throw CELEvaluationError(
                .noMatchingOverload,
                "found no matching overload for '\(name)' applied to '(\(types))'",
                location: location)
        }
    }
}
