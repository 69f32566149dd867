/// Bindings of type parameters during overload resolution.
typealias Substitution = [String: CELType]

/// Type relations used by the checker.
enum TypeRelations {
    /// Whether a value of type `argument` may be passed where `parameter` is expected, binding type parameters
    /// of `parameter` in `substitution` (widening an existing binding when needed).
    static func isAssignable(_ parameter: CELType, _ argument: CELType, _ substitution: inout Substitution) -> Bool {
        switch (parameter, argument) {
        case (.typeParam(let name), _):
            guard let bound = substitution[name] else {
                substitution[name] = argument
                return true
            }
            var scratch = substitution
            if isAssignable(bound, argument, &scratch) { return true }
            scratch = substitution
            if isAssignable(argument, bound, &scratch) {
                substitution[name] = argument
                return true
            }
            return false
        case (_, .typeParam), (.dyn, _), (_, .dyn):
            return true
        case (.list(let p), .list(let a)):
            return isAssignable(p, a, &substitution)
        case (.map(let pk, let pv), .map(let ak, let av)):
            return isAssignable(pk, ak, &substitution) && isAssignable(pv, av, &substitution)
        case (.nullable, .null), (.message, .null):
            return true
        case (.nullable(let p), .nullable(let a)):
            return isAssignable(p, a, &substitution)
        case (.nullable(let p), _):
            return isAssignable(p, argument, &substitution)
        case (_, .nullable(let a)):
            return isAssignable(parameter, a, &substitution)
        default:
            return parameter == argument
        }
    }

    /// Replaces bound type parameters; unbound ones become `dyn`.
    static func substitute(_ type: CELType, _ substitution: Substitution) -> CELType {
        switch type {
        case .typeParam(let name): return substitution[name].map { substitute($0, [:]) } ?? .dyn
        case .list(let element): return .list(substitute(element, substitution))
        case .map(let key, let value): return .map(substitute(key, substitution), substitute(value, substitution))
        case .nullable(let inner): return .nullable(substitute(inner, substitution))
        default: return type
        }
    }

    /// The most specific type covering both (for list and map literal elements); `dyn` when unrelated.
    static func join(_ a: CELType, _ b: CELType) -> CELType {
        if a == b { return a }
        if a.isDynamic || b.isDynamic { return .dyn }
        var scratch: Substitution = [:]
        if isAssignable(a, b, &scratch) { return a }
        scratch = [:]
        if isAssignable(b, a, &scratch) { return b }
        return .dyn
    }

    /// The static type of a literal value.
    static func literalType(_ value: CELValue) -> CELType {
        switch value {
        case .list: return .list(.dyn)
        case .map: return .map(.dyn, .dyn)
        default: return value.celType
        }
    }
}
