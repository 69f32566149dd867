/// Mutable state of one evaluation: variable values, comprehension locals and the remaining budget.
struct Frame {
    var variables: [CELValue?]
    /// Supplies variables the activation left unbound, on first use.
    var resolver: (any CELVariableResolver)?
    var locals: [CELValue]
    var budget: Int

    /// Spends `cost` units of the budget, failing when it is exhausted.
    @inline(__always)
    mutating func charge(_ cost: Int) throws(CELEvaluationError) {
        budget &-= cost
        if budget < 0 { throw CELEvaluationError.costExceeded }
    }
}

/// A planned expression node: evaluates against a frame.
typealias Eval = @Sendable (inout Frame) throws(CELEvaluationError) -> CELValue

/// A compiled, immutable, thread-safe CEL program.
///
/// The compiled parts live in one shared object, so a copy of a program (a host reading it out of its rule for every
/// package it judges) costs one reference count, not one per part.
public struct CELProgram: Sendable {
    /// The parts a compilation produces, shared by every copy.
    final class Compiled: Sendable {
        let source: String
        let resultType: CELType
        let root: Eval
        let localCount: Int
        let slots: [String: Int]
        let slotCount: Int
        let variableSlots: Set<Int>

        init(
            source: String, resultType: CELType, root: @escaping Eval, localCount: Int, slots: [String: Int],
            slotCount: Int, variableSlots: Set<Int>
        ) {
            self.source = source
            self.resultType = resultType
            self.root = root
            self.localCount = localCount
            self.slots = slots
            self.slotCount = slotCount
            self.variableSlots = variableSlots
        }
    }

    let compiled: Compiled
    /// Cost budget applied to each evaluation unless overridden.
    public var costLimit: Int

    /// The expression text.
    public var source: String { compiled.source }
    /// The checked result type (`dyn` in dynamic mode); callers compare it with what they require.
    public var resultType: CELType { compiled.resultType }

    /// The slots (in the environment that compiled it) of the variables the expression refers to: its value
    /// depends on these variables' values alone.
    public var variableSlots: Set<Int> { compiled.variableSlots }

    var root: Eval { compiled.root }
    var localCount: Int { compiled.localCount }
    var slots: [String: Int] { compiled.slots }
    var slotCount: Int { compiled.slotCount }

    init(
        source: String, resultType: CELType, costLimit: Int, root: @escaping Eval, localCount: Int,
        slots: [String: Int], slotCount: Int, variableSlots: Set<Int> = []
    ) {
        compiled = Compiled(
            source: source, resultType: resultType, root: root, localCount: localCount, slots: slots,
            slotCount: slotCount, variableSlots: variableSlots)
        self.costLimit = costLimit
    }

    /// Evaluates against an activation made by the compiling environment (`environment.activation(...)`).
    public func evaluate(_ activation: CELActivation, costLimit: Int? = nil) throws(CELEvaluationError) -> CELValue {
        try evaluateWithCost(activation, costLimit: costLimit).value
    }

    /// Evaluates with name-keyed bindings (slower: each name is looked up per call).
    public func evaluate(
        _ bindings: [String: CELValue] = [:], costLimit: Int? = nil
    )
        throws(CELEvaluationError) -> CELValue
    {
        var activation = CELActivation(slotCount: slotCount, slots: slots)
        for (name, value) in bindings { activation.bind(name, value) }
        return try evaluateWithCost(activation, costLimit: costLimit).value
    }

    /// Evaluates against an activation that lends its scratch storage: a host evaluating many programs with one
    /// activation (every rule of a policy over one package) allocates comprehension locals once, not per program.
    public func evaluate(
        reusing activation: inout CELActivation, costLimit: Int? = nil
    ) throws(CELEvaluationError)
        -> CELValue
    {
        let limit = budget(costLimit, activation)
        if activation.scratch.count < localCount {
            activation.scratch = Array(repeating: .null, count: max(localCount, 8))
        }
        var frame = Frame(variables: activation.values, resolver: activation.resolver, locals: [], budget: limit)
        swap(&frame.locals, &activation.scratch)
        defer { swap(&frame.locals, &activation.scratch) }
        return try compiled.root(&frame)
    }

    /// The budget of one evaluation: the limit given (or the program's) plus the activation's allowance.
    private func budget(_ costLimit: Int?, _ activation: CELActivation) -> Int {
        let sum = (costLimit ?? self.costLimit).addingReportingOverflow(max(0, activation.costAllowance))
        return sum.overflow ? Int.max : sum.partialValue
    }

    /// Evaluates and also reports the cost spent.
    public func evaluateWithCost(
        _ activation: CELActivation, costLimit: Int? = nil
    )
        throws(CELEvaluationError) -> (value: CELValue, cost: Int)
    {
        let limit = budget(costLimit, activation)
        var frame = Frame(
            variables: activation.values, resolver: activation.resolver,
            locals: localCount == 0 ? [] : Array(repeating: .null, count: localCount),
            budget: limit)
        let value = try root(&frame)
        return (value, limit - frame.budget)
    }
}
