/// Whether expressions are type-checked before planning.
public enum CELCheckingMode: Sendable {
    /// Every identifier, field and overload is resolved and type-checked at compile time.
    case checked
    /// No type checking: every variable is `dyn`, unknown names and functions fail only at evaluation.
    case dynamic
}

/// A handle to a declared variable, for binding values without a name lookup.
public struct CELVariableSlot: Sendable, Hashable {
    /// Position of the variable in activations built by the declaring environment.
    public let index: Int
    /// The declared name.
    public let name: String
}

/// Declarations against which expressions are compiled: variables, functions and message types.
public struct CELEnvironment: Sendable {
    /// Supplies field types of message types; nil when the host has no message types.
    public let typeProvider: (any CELTypeProvider)?
    /// Checked (default) or dynamic compilation.
    public var mode: CELCheckingMode
    /// Default evaluation budget of programs compiled from this environment. Costs: 1 unit per operator,
    /// function call, field selection or aggregate literal and per comprehension iteration, plus 1 per 16 bytes
    /// of string or bytes data scanned or produced, 1 per 8 list elements copied, compared or scanned, and
    /// 1 per 4 bytes of text searched by a regular expression (and 1 per 256 steps of its matcher beyond those).
    public var costLimit: Int = 100_000

    /// Maximum nesting depth of an expression (syntactic nesting and operator chains such as `a + b + c`, which
    /// count one level per operator; `&&`/`||` chains are balanced). Deeper expressions fail to compile. The
    /// deepest accepted expression needs about 256 KiB of stack in optimized builds, 1 MiB in debug builds.
    public static let maxExpressionDepth = Parser.maxDepth

    struct Variable: Sendable {
        let slot: Int
        var type: CELType
    }

    private(set) var variables: [String: Variable] = [:]
    private(set) var variableNames: [String] = []
    /// Slot of each variable by name, kept in step with `variables` (activations share it).
    private(set) var slotTable: [String: Int] = [:]
    private(set) var functions: [String: [CELOverload]] = StandardDeclarations.functions
    private(set) var messageTypes: Set<String> = []

    /// Creates an environment with the standard library.
    public init(typeProvider: (any CELTypeProvider)? = nil, mode: CELCheckingMode = .checked) {
        self.typeProvider = typeProvider
        self.mode = mode
    }

    /// Declares (or re-types) a variable and returns its slot.
    @discardableResult
    public mutating func declareVariable(_ name: String, _ type: CELType) -> CELVariableSlot {
        noteMessageTypes(in: type)
        if var existing = variables[name] {
            existing.type = type
            variables[name] = existing
            return CELVariableSlot(index: existing.slot, name: name)
        }
        let slot = variableNames.count
        variables[name] = Variable(slot: slot, type: type)
        variableNames.append(name)
        slotTable[name] = slot
        return CELVariableSlot(index: slot, name: name)
    }

    /// Adds overloads of a host function (global or receiver-style). Overloads with an `id` that already
    /// exists for the function replace the earlier one.
    public mutating func addFunction(_ name: String, overloads: [CELOverload]) {
        var existing = functions[name] ?? []
        for overload in overloads {
            for parameter in overload.parameters { noteMessageTypes(in: parameter) }
            noteMessageTypes(in: overload.result)
            existing.removeAll { $0.id == overload.id }
            existing.append(overload)
        }
        functions[name] = existing
    }

    /// Makes a message type name usable as a type value in expressions (e.g. `type(x) == Package`).
    /// Types mentioned in variable or function declarations are known automatically.
    public mutating func declareMessageType(_ name: String) {
        messageTypes.insert(name)
    }

    /// The slot of a declared variable.
    public func slot(of name: String) -> CELVariableSlot? {
        variables[name].map { CELVariableSlot(index: $0.slot, name: name) }
    }

    /// An activation for programs of this environment, pre-filled with `bindings` (unknown names ignored).
    public func activation(_ bindings: [String: CELValue] = [:]) -> CELActivation {
        var activation = CELActivation(slotCount: bindings.isEmpty ? 0 : variableNames.count, slots: slotTable)
        for (name, value) in bindings { activation.bind(name, value) }
        return activation
    }

    /// Parses, checks (in checked mode) and plans an expression.
    public func compile(_ source: String) throws(CELCompileError) -> CELProgram {
        let text = SourceText(source)
        let expr: Expr
        do {
            expr = try Parser.parse(text)
        } catch {
            throw CELCompileError(diagnostics: [text.diagnostic(error.message, at: error.offset)], source: source)
        }
        var checked: CheckResult?
        if mode == .checked {
            var checker = Checker(environment: self, source: text)
            let result = checker.check(expr)
            guard checker.diagnostics.isEmpty else {
                throw CELCompileError(
                    diagnostics: checker.diagnostics.sorted { $0.offset < $1.offset },
                    source: source)
            }
            checked = result
        }
        var planner = Planner(environment: self, source: text, checked: checked)
        let root: Eval
        do {
            root = try planner.plan(expr)
        } catch {
            throw CELCompileError(diagnostics: [text.diagnostic(error.message, at: error.offset)], source: source)
        }
        return CELProgram(
            source: source, resultType: checked?.types[expr.id] ?? .dyn, costLimit: costLimit, root: root,
            localCount: planner.maxLocals, slots: slotTable, slotCount: variableNames.count,
            variableSlots: planner.variableSlots)
    }

    /// Compiles and requires the checked result type to fit `expected` (e.g. `.bool` for conditions); throws a
    /// diagnostic otherwise. A `dyn` result is accepted (its value must then be checked at runtime), as is any
    /// result in dynamic mode.
    public func compile(_ source: String, expecting expected: CELType) throws(CELCompileError) -> CELProgram {
        let program = try compile(source)
        var substitution: Substitution = [:]
        guard mode == .dynamic || TypeRelations.isAssignable(expected, program.resultType, &substitution) else {
            let message = "expression has type '\(program.resultType)', but '\(expected)' is required"
            throw CELCompileError(diagnostics: [SourceText(source).diagnostic(message, at: 0)], source: source)
        }
        return program
    }

    // MARK: - Name resolution shared by checker and planner

    enum ResolvedName {
        case variable(slot: Int, type: CELType)
        case typeValue(CELType)
    }

    /// Resolves a (possibly qualified) name to a variable or a type denotation.
    func resolve(_ name: String) -> ResolvedName? {
        let lookup = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if let variable = variables[lookup] { return .variable(slot: variable.slot, type: variable.type) }
        if let type = CELType.denotations[lookup] { return .typeValue(type) }
        if messageTypes.contains(lookup) || typeProvider?.hasMessageType(lookup) == true {
            return .typeValue(.message(lookup))
        }
        return nil
    }

    private mutating func noteMessageTypes(in type: CELType) {
        switch type {
        case .message(let name): messageTypes.insert(name)
        case .list(let element): noteMessageTypes(in: element)
        case .map(let key, let value):
            noteMessageTypes(in: key)
            noteMessageTypes(in: value)
        case .nullable(let inner): noteMessageTypes(in: inner)
        default: break
        }
    }
}

/// Supplies variable values lazily, so that a host can bind many variables without computing the ones a program
/// never reads.
public protocol CELVariableResolver: Sendable {
    /// The value of the variable in `slot` (an index of the compiling environment), or nil when it has none.
    func value(forSlot slot: Int) -> CELValue?
}

/// Variable values for one evaluation, indexed by the slots of the environment that made it.
public struct CELActivation: Sendable {
    var values: [CELValue?]
    let slots: [String: Int]
    /// Produces the value of a variable that is not bound, when a program first reads it.
    public var resolver: (any CELVariableResolver)?
    /// Comprehension locals lent to programs evaluated with `evaluate(reusing:)`.
    var scratch: [CELValue] = []
    /// Units added to the cost budget of every evaluation against this activation. A host sizes it to the data it
    /// binds (so many units per list element), so that an expression reading a large list a few times is not
    /// stopped, while what an expression does beyond that — a list compared with itself, say — still is.
    public var costAllowance: Int = 0

    /// An activation for programs compiled by `environment`, pre-filled with `bindings` (unknown names ignored).
    public init(_ environment: CELEnvironment, _ bindings: [String: CELValue] = [:]) {
        self = environment.activation(bindings)
    }

    init(slotCount: Int, slots: [String: Int]) {
        values = Array(repeating: nil, count: slotCount)
        self.slots = slots
    }

    /// Binds a declared variable by name; returns false (and binds nothing) when it is not declared.
    @discardableResult
    public mutating func bind(_ name: String, _ value: CELValue) -> Bool {
        guard let slot = slots[name] else { return false }
        if slot >= values.count { values += Array(repeating: nil, count: slots.count - values.count) }
        values[slot] = value
        return true
    }

    /// The value of a declared variable by name; setting an undeclared name has no effect.
    public subscript(name: String) -> CELValue? {
        get { slots[name].flatMap { values[$0] } }
        set {
            guard let slot = slots[name] else { return }
            if slot >= values.count { values += Array(repeating: nil, count: slots.count - values.count) }
            values[slot] = newValue
        }
    }

    /// The value of a variable by slot (fast path).
    public subscript(slot: CELVariableSlot) -> CELValue? {
        get { slot.index < values.count ? values[slot.index] : nil }
        set {
            guard slot.index < slots.count else { return }
            if slot.index >= values.count { values += Array(repeating: nil, count: slots.count - values.count) }
            values[slot.index] = newValue
        }
    }
}
