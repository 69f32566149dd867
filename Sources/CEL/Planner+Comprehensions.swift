extension Planner {
    /// Plans a comprehension macro; its variables live in frame-local slots.
    @inline(never)
    mutating func planComprehension(_ expr: Expr) throws(PlanError) -> Node {
        guard case .comprehension(let comprehension) = expr.kind else { return Node(constant: .null) }
        let range = try planNode(comprehension.range).eval
        let first = pushLocal(comprehension.variable)
        let second = comprehension.variable2.map { pushLocal($0) }
        defer { popLocals(second == nil ? 1 : 2) }
        var predicate: Eval?
        var transform: Eval?
        if let expr = comprehension.predicate { predicate = try planNode(expr).eval }
        if let expr = comprehension.transform { transform = try planNode(expr).eval }
        let loop = Loop(
            range: range, first: first, second: second, location: location(expr),
            name: macroName(comprehension))
        switch comprehension.kind {
        case .all: return loop.quantifier(predicate!, universal: true)
        case .exists: return loop.quantifier(predicate!, universal: false)
        case .existsOne: return loop.existsOne(predicate!)
        case .filter: return loop.collect(filter: predicate, transform: nil)
        case .map, .transformList: return loop.collect(filter: predicate, transform: transform!)
        case .transformMap: return loop.transformMap(filter: predicate, transform: transform!)
        }
    }

    private func macroName(_ comprehension: Comprehension) -> String {
        switch comprehension.kind {
        case .all: return "all"
        case .exists: return "exists"
        case .existsOne: return "exists_one"
        case .map: return "map"
        case .filter: return "filter"
        case .transformList: return "transformList"
        case .transformMap: return "transformMap"
        }
    }
}

/// Iteration machinery shared by the comprehension macros.
private struct Loop: Sendable {
    let range: Eval
    let first: Int
    let second: Int?
    let location: CELSourceLocation
    let name: String

    /// Binds each element (list) or key (map) — or index/key and value for two-variable forms — and runs
    /// `body` until it returns false. Each iteration costs one unit.
    @inline(__always)
    func iterate(
        _ frame: inout Frame, _ rangeValue: CELValue,
        _ body: (inout Frame) throws(CELEvaluationError) -> Bool
    ) throws(CELEvaluationError) {
        switch rangeValue {
        case .list(let elements):
            for index in elements.indices {
                try frame.charge(1)
                if let second {
                    frame.locals[first] = .int(Int64(index))
                    frame.locals[second] = elements[index]
                } else {
                    frame.locals[first] = elements[index]
                }
                if try !body(&frame) { return }
            }
        case .map(let map):
            let keys = map.storage.keys
            let values = map.storage.values
            for index in keys.indices {
                try frame.charge(1)
                frame.locals[first] = keys[index]
                if let second { frame.locals[second] = values[index] }
                if try !body(&frame) { return }
            }
        default:
            throw CELEvaluationError(
                .noMatchingOverload,
                "\(name)() cannot iterate over a value of type "
                    + "'\(rangeValue.typeName)' (must be a list or a map)", location: location)
        }
    }

    private func predicateError(_ value: CELValue) -> CELEvaluationError {
        CELEvaluationError(
            .noMatchingOverload, "\(name)() predicate must evaluate to bool, got '\(value.typeName)'",
            location: location)
    }

    /// `all` (universal) or `exists`: false/true decides; other errors surface only if nothing decides.
    func quantifier(_ predicate: @escaping Eval, universal: Bool) -> Node {
        Node { [self] frame throws(CELEvaluationError) in
            let rangeValue = try range(&frame)
            var decided = false
            var pending: CELEvaluationError?
            try iterate(&frame, rangeValue) { frame throws(CELEvaluationError) in
                do throws(CELEvaluationError) {
                    let value = try predicate(&frame)
                    if case .bool(let flag) = value {
                        if flag != universal {
                            decided = true
                            return false
                        }
                    } else if pending == nil {
                        pending = predicateError(value)
                    }
                } catch {
                    if error.kind == .costLimitExceeded { throw error }
                    if pending == nil { pending = error }
                }
                return true
            }
            if decided { return .bool(!universal) }
            if let pending { throw pending.located(location) }
            return .bool(universal)
        }
    }

    /// `exists_one`: exactly one element satisfies the predicate; any error propagates.
    func existsOne(_ predicate: @escaping Eval) -> Node {
        Node { [self] frame throws(CELEvaluationError) in
            let rangeValue = try range(&frame)
            var count = 0
            try iterate(&frame, rangeValue) { frame throws(CELEvaluationError) in
                let value = try predicate(&frame)
                guard case .bool(let flag) = value else { throw predicateError(value) }
                if flag { count += 1 }
                return true
            }
            return .bool(count == 1)
        }
    }

    /// `filter`, `map` (with optional filter) and `transformList`.
    func collect(filter: Eval?, transform: Eval?) -> Node {
        Node { [self] frame throws(CELEvaluationError) in
            let rangeValue = try range(&frame)
            var output: [CELValue] = []
            try iterate(&frame, rangeValue) { frame throws(CELEvaluationError) in
                if let filter {
                    let keep = try filter(&frame)
                    guard case .bool(let flag) = keep else { throw predicateError(keep) }
                    if !flag { return true }
                }
                output.append(transform == nil ? frame.locals[first] : try transform!(&frame))
                return true
            }
            return .list(output)
        }
    }

    /// `transformMap`: keys (or list indexes) map to transformed values.
    func transformMap(filter: Eval?, transform: @escaping Eval) -> Node {
        Node { [self] frame throws(CELEvaluationError) in
            let rangeValue = try range(&frame)
            var builder = CELMapBuilder(capacity: 0)
            try iterate(&frame, rangeValue) { frame throws(CELEvaluationError) in
                if let filter {
                    let keep = try filter(&frame)
                    guard case .bool(let flag) = keep else { throw predicateError(keep) }
                    if !flag { return true }
                }
                let key = frame.locals[first]
                let value = try transform(&frame)
                guard let mapKey = MapKey(storable: key) else {
                    throw CELEvaluationError(
                        .invalidArgument, "unsupported map key type '\(key.typeName)'",
                        location: location)
                }
                builder.insertUnchecked(key, mapKey, value)
                return true
            }
            return .map(builder.build())
        }
    }
}
