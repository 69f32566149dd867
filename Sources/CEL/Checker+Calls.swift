extension Checker {
    private static let conditional = CELOverload(
        id: "conditional", isReceiver: false, parameters: [.bool, .typeParam("A"), .typeParam("A")],
        result: .typeParam("A"), implementation: nil)
    private static let logical = CELOverload(
        id: "logical", isReceiver: false, parameters: [.bool, .bool], result: .bool, implementation: nil)

    @inline(never)
    mutating func visitCall(_ expr: Expr) -> CELType {
        guard case .call(let function, let target, let args) = expr.kind else { return .dyn }
        if function == Operator.and || function == Operator.or {
            return resolve(expr, function, receiverStyle: false, candidates: [Checker.logical], args: args)
        }
        if function == Operator.conditional {
            return resolve(expr, function, receiverStyle: false, candidates: [Checker.conditional], args: args)
        }
        if let target, let prefix = qualifiedName(target), !isShadowed(prefix),
            let overloads = environment.functions[prefix + "." + function],
            overloads.contains(where: { !$0.isReceiver })
        {
            let name = prefix + "." + function
            return resolve(
                expr, name, receiverStyle: false, candidates: overloads.filter { !$0.isReceiver },
                args: args)
        }
        guard let overloads = environment.functions[function] else {
            (target.map { [$0] + args } ?? args).forEach { visit($0) }
            error("undeclared reference to '\(function)'", expr.offset)
            return .dyn
        }
        let receiverStyle = target != nil
        let allArgs = target.map { [$0] + args } ?? args
        return resolve(
            expr, function, receiverStyle: receiverStyle,
            candidates: overloads.filter { $0.isReceiver == receiverStyle }, args: allArgs)
    }

    private mutating func resolve(
        _ expr: Expr, _ function: String, receiverStyle: Bool, candidates: [CELOverload],
        args: [Expr]
    ) -> CELType {
        let argTypes = args.map { visit($0) }
        var matches: [CELOverload] = []
        var results: [CELType] = []
        for overload in candidates where overload.parameters.count == argTypes.count {
            var substitution: Substitution = [:]
            var accepted = true
            for (parameter, argument) in zip(overload.parameters, argTypes)
            where !TypeRelations.isAssignable(parameter, argument, &substitution) {
                accepted = false
                break
            }
            if accepted {
                matches.append(overload)
                results.append(TypeRelations.substitute(overload.result, substitution))
            }
        }
        if matches.isEmpty, let lenient = numericLeniency(function, argTypes) {
            matches = candidates.filter { $0.parameters.count == argTypes.count }
            results = [lenient]
        }
        guard let firstResult = results.first else {
            error(noOverloadMessage(function, receiverStyle: receiverStyle, argTypes), expr.offset)
            return .dyn
        }
        result.calls[expr.id] = CallResolution(function: function, receiverStyle: receiverStyle, overloads: matches)
        return results.allSatisfy { $0 == firstResult } ? firstResult : .dyn
    }

    /// Equality and membership accept mixed numeric types, which compare by numeric value at runtime.
    private func numericLeniency(_ function: String, _ argTypes: [CELType]) -> CELType? {
        guard argTypes.count == 2 else { return nil }
        switch function {
        case Operator.equals, Operator.notEquals:
            return argTypes[0].isNumeric && argTypes[1].isNumeric ? .bool : nil
        case Operator.in:
            switch argTypes[1] {
            case .list(let element), .map(let element, _):
                return argTypes[0].isNumeric && element.isNumeric ? .bool : nil
            default:
                return nil
            }
        default:
            return nil
        }
    }

    private func noOverloadMessage(_ function: String, receiverStyle: Bool, _ argTypes: [CELType]) -> String {
        let rendered: String
        if receiverStyle, let first = argTypes.first {
            rendered = "\(first).(\(argTypes.dropFirst().map(\.description).joined(separator: ", ")))"
        } else {
            rendered = "(\(argTypes.map(\.description).joined(separator: ", ")))"
        }
        return "found no matching overload for '\(function)' applied to '\(rendered)'"
    }
}
