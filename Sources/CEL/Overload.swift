/// A host function implementation; receives the receiver (if any) followed by the arguments.
public typealias CELFunctionImplementation = @Sendable ([CELValue]) throws -> CELValue

/// One typed signature of a function, optionally with a host implementation.
public struct CELOverload: Sendable {
    /// Unique identifier of the overload, e.g. `deb_version_compare_string_string`.
    public let id: String
    /// Whether the overload is called receiver-style, `target.f(args)`.
    public let isReceiver: Bool
    /// Parameter types; for receiver-style overloads the receiver type comes first.
    public let parameters: [CELType]
    /// Result type.
    public let result: CELType
    /// The host implementation; nil for the standard library, which the planner implements itself.
    let implementation: CELFunctionImplementation?

    init(
        id: String, isReceiver: Bool, parameters: [CELType], result: CELType,
        implementation: CELFunctionImplementation?
    ) {
        self.id = id
        self.isReceiver = isReceiver
        self.parameters = parameters
        self.result = result
        self.implementation = implementation
    }

    /// A global-style overload `f(params...) -> result` implemented by `implementation`.
    public static func global(
        id: String, params: [CELType], result: CELType,
        _ implementation: @escaping CELFunctionImplementation
    ) -> CELOverload {
        CELOverload(id: id, isReceiver: false, parameters: params, result: result, implementation: implementation)
    }

    /// A receiver-style overload `receiver.f(params...) -> result`; the implementation gets the receiver first.
    public static func receiver(
        id: String, on receiver: CELType, params: [CELType], result: CELType,
        _ implementation: @escaping CELFunctionImplementation
    ) -> CELOverload {
        CELOverload(
            id: id, isReceiver: true, parameters: [receiver] + params, result: result,
            implementation: implementation)
    }

    /// The signature in CEL notation, e.g. `string.startsWith(string) -> bool`.
    func signature(_ name: String) -> String {
        if isReceiver, let first = parameters.first {
            return "\(first).\(name)(\(parameters.dropFirst().map(\.description).joined(separator: ", "))) -> \(result)"
        }
        return "\(name)(\(parameters.map(\.description).joined(separator: ", "))) -> \(result)"
    }
}

/// Whether a runtime value is acceptable for a declared parameter type (type arguments are not inspected).
func valueMatches(_ value: CELValue, _ type: CELType) -> Bool {
    switch (type, value) {
    case (.dyn, _), (.typeParam, _): return true
    case (.null, .null), (.bool, .bool), (.int, .int), (.uint, .uint), (.double, .double), (.string, .string),
        (.bytes, .bytes), (.list, .list), (.map, .map), (.timestamp, .timestamp), (.duration, .duration),
        (.type, .type):
        return true
    case (.message(let name), .object(let object)): return object.celTypeName == name
    case (.nullable(let inner), _):
        if case .null = value { return true }
        return valueMatches(value, inner)
    default: return false
    }
}
