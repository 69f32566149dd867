import LinearRegex

/// A problem found while planning (e.g. an invalid constant regular expression).
struct PlanError: Error {
    let message: String
    let offset: Int
}

/// A planned node: its evaluation closure and, when known at plan time, its constant value.
struct Node {
    let eval: Eval
    let constant: CELValue?

    init(_ eval: @escaping Eval) {
        self.eval = eval
        constant = nil
    }

    init(constant value: CELValue) {
        eval = { _ in value }
        constant = value
    }
}

/// Compiles a (checked or unchecked) expression tree into nested closures.
///
/// Variables resolve to activation slots, comprehension variables to frame-local slots, and fields of
/// statically known message types to direct accessor closures; no name lookup happens at evaluation.
struct Planner {
    let environment: CELEnvironment
    let source: SourceText
    let checked: CheckResult?
    private(set) var maxLocals = 0
    /// The slots of the environment's variables the expression refers to.
    private(set) var variableSlots: Set<Int> = []
    private var locals: [(name: String, slot: Int)] = []

    init(environment: CELEnvironment, source: SourceText, checked: CheckResult?) {
        self.environment = environment
        self.source = source
        self.checked = checked
    }

    mutating func plan(_ expr: Expr) throws(PlanError) -> Eval {
        try planNode(expr).eval
    }

    func type(of expr: Expr) -> CELType { checked?.types[expr.id] ?? .dyn }

    func location(_ expr: Expr) -> CELSourceLocation { source.location(expr.offset) }

    func localSlot(_ name: String) -> Int? {
        locals.last(where: { $0.name == name })?.slot
    }

    func isShadowed(_ qualified: String) -> Bool {
        let head = qualified.split(separator: ".", maxSplits: 1).first.map(String.init) ?? qualified
        return localSlot(head) != nil
    }

    mutating func pushLocal(_ name: String) -> Int {
        let slot = locals.count
        locals.append((name, slot))
        maxLocals = max(maxLocals, locals.count)
        return slot
    }

    mutating func popLocals(_ count: Int) { locals.removeLast(count) }

    /// Dispatches on the node kind. Kept small (the work happens in non-inlined helpers) because it is on
    /// the recursive path, whose frame size bounds how deep an expression fits on the stack.
    mutating func planNode(_ expr: Expr) throws(PlanError) -> Node {
        switch expr.kind {
        case .literal: return literalNode(expr)
        case .identifier: return planIdentifier(expr)
        case .select: return try planSelectNode(expr)
        case .call: return try planCall(expr)
        case .list: return try planList(expr)
        case .map: return try planMap(expr)
        case .message: throw messageConstruction(expr)
        case .comprehension: return try planComprehension(expr)
        }
    }

    @inline(never)
    private func literalNode(_ expr: Expr) -> Node {
        guard case .literal(let value) = expr.kind else { return Node(constant: .null) }
        return Node(constant: value)
    }

    @inline(never)
    private mutating func planSelectNode(_ expr: Expr) throws(PlanError) -> Node {
        guard case .select(let operand, let field, let testOnly) = expr.kind else { return Node(constant: .null) }
        if let resolved = planQualifiedName(expr, testOnly: testOnly) { return resolved }
        let operandNode = try planNode(operand)
        return planSelect(
            expr, operand: operandNode, operandType: type(of: operand), field: field,
            testOnly: testOnly)
    }

    @inline(never)
    private mutating func planIdentifier(_ expr: Expr) -> Node {
        guard case .identifier(let name) = expr.kind else { return Node(constant: .null) }
        if let slot = localSlot(name) { return Node { frame in frame.locals[slot] } }
        return planName(name, expr)
    }

    /// A select chain such as `a.b.c` naming a declared variable or type, if it does.
    @inline(never)
    private mutating func planQualifiedName(_ expr: Expr, testOnly: Bool) -> Node? {
        guard !testOnly, let name = qualifiedName(expr), !isShadowed(name), environment.resolve(name) != nil else {
            return nil
        }
        return planName(name, expr)
    }

    @inline(never)
    private func messageConstruction(_ expr: Expr) -> PlanError {
        guard case .message(let typeName, _) = expr.kind else { return PlanError(message: "", offset: 0) }
        return PlanError(message: "message construction '\(typeName){...}' is not supported", offset: expr.offset)
    }

    /// A variable load, a type value, or (dynamic mode) an error for an unknown name.
    @inline(never)
    private mutating func planName(_ name: String, _ expr: Expr) -> Node {
        let location = location(expr)
        switch environment.resolve(name) {
        case .variable(let slot, _):
            variableSlots.insert(slot)
            return Node { frame throws(CELEvaluationError) in
                if slot < frame.variables.count, let value = frame.variables[slot] { return value }
                // Resolvers keep what they resolved themselves; writing it into the frame would copy the whole
                // variable array on every evaluation.
                if let value = frame.resolver?.value(forSlot: slot) { return value }
                throw CELEvaluationError(
                    .unboundVariable, "no value is bound for variable '\(name)'",
                    location: location)
            }
        case .typeValue(let type):
            return Node(constant: .type(type))
        case nil:
            return Node { _ throws(CELEvaluationError) in
                throw CELEvaluationError(.unboundVariable, "undeclared reference to '\(name)'", location: location)
            }
        }
    }

    @inline(never)
    private mutating func planList(_ expr: Expr) throws(PlanError) -> Node {
        guard case .list(let elements) = expr.kind else { return Node(constant: .null) }
        var nodes: [Node] = []
        for element in elements { nodes.append(try planNode(element)) }
        if nodes.allSatisfy({ $0.constant != nil }) {
            return Node(constant: .list(nodes.map { $0.constant! }))
        }
        let evals = nodes.map(\.eval)
        let cost = 1 + Cost.elements(evals.count)
        return Node { frame throws(CELEvaluationError) in
            try frame.charge(cost)
            var values: [CELValue] = []
            values.reserveCapacity(evals.count)
            for eval in evals { values.append(try eval(&frame)) }
            return .list(values)
        }
    }

    @inline(never)
    private mutating func planMap(_ expr: Expr) throws(PlanError) -> Node {
        guard case .map(let entries) = expr.kind else { return Node(constant: .null) }
        var keys: [Node] = []
        var values: [Node] = []
        for entry in entries {
            keys.append(try planNode(entry.key))
            values.append(try planNode(entry.value))
        }
        let location = location(expr)
        if keys.allSatisfy({ $0.constant != nil }) && values.allSatisfy({ $0.constant != nil }) {
            let pairs = zip(keys, values).map { (key: $0.0.constant!, value: $0.1.constant!) }
            if let map = try? CELMap(entries: pairs) { return Node(constant: .map(map)) }
        }
        let keyEvals = keys.map(\.eval)
        let valueEvals = values.map(\.eval)
        let cost = 1 + Cost.elements(keyEvals.count)
        return Node { frame throws(CELEvaluationError) in
            try frame.charge(cost)
            var builder = CELMapBuilder(capacity: keyEvals.count)
            for index in keyEvals.indices {
                let key = try keyEvals[index](&frame)
                let value = try valueEvals[index](&frame)
                do throws(CELEvaluationError) {
                    try builder.insert(key, value)
                } catch {
                    throw error.located(location)
                }
            }
            return .map(builder.build())
        }
    }
}

/// Units charged against the evaluation budget.
enum Cost {
    /// One unit per this many bytes of string or bytes data scanned or produced.
    static let bytesPerUnit = 16
    /// One unit per this many list or map elements copied, compared or scanned.
    static let elementsPerUnit = 8

    @inline(__always) static func bytes(_ count: Int) -> Int { count / bytesPerUnit }
    @inline(__always) static func elements(_ count: Int) -> Int { count / elementsPerUnit }

    /// Steps of the regular-expression matcher (instructions visited) per unit. A search is charged 1 unit per
    /// 4 bytes of text up front, which pays for 64 steps a byte — more than an ordinary pattern takes; a pattern
    /// whose program keeps many threads alive pays for its further steps, and is stopped when the budget cannot.
    static let regexStepsPerUnit = 256

    /// Runs `regex` over `text` within the frame's budget, charging what it takes.
    static func match(_ regex: LinearRegex, _ text: String, _ frame: inout Frame) throws(CELEvaluationError) -> Bool {
        let upfront = 1 + text.utf8.count / 4
        try frame.charge(upfront)
        let (limit, overflow) = (upfront &+ max(0, frame.budget)).multipliedReportingOverflow(by: regexStepsPerUnit)
        guard let (matched, steps) = regex.matches(text, stepLimit: overflow ? .max : limit) else {
            throw CELEvaluationError.costExceeded
        }
        try frame.charge(max(0, steps / regexStepsPerUnit - upfront))
        return matched
    }
}
