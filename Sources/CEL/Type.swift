/// A CEL type, as used by declarations, the type checker and runtime type values.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    /// The dynamic type: any value; checks are deferred to evaluation.
    case dyn
    /// The type of `null` (`null_type`).
    case null
    /// `bool`.
    case bool
    /// `int` (64-bit signed).
    case int
    /// `uint` (64-bit unsigned).
    case uint
    /// `double` (IEEE 754 binary64).
    case double
    /// `string` (Unicode code points).
    case string
    /// `bytes` (octets).
    case bytes
    /// `google.protobuf.Timestamp`.
    case timestamp
    /// `google.protobuf.Duration`.
    case duration
    /// `type`: the type of type values such as `int` or `type(x)`.
    case type
    /// `list(T)`.
    case list(CELType)
    /// `map(K, V)`.
    case map(CELType, CELType)
    /// A message type supplied by the host's `CELTypeProvider`, by fully qualified name.
    case message(String)
    /// A wrapper-like field type: either `null` or a value of the wrapped type.
    case nullable(CELType)
    /// A type parameter; only meaningful inside function overload signatures.
    case typeParam(String)

    /// The checker-style spelling, e.g. `list(string)` or `map(string, int)`.
    public var description: String {
        switch self {
        case .dyn: return "dyn"
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .type: return "type"
        case .list(let elem): return "list(\(elem))"
        case .map(let key, let value): return "map(\(key), \(value))"
        case .message(let name): return name
        case .nullable(let inner): return "nullable(\(inner))"
        case .typeParam(let name): return name
        }
    }

    /// The name of the runtime type value, with type arguments erased (`list`, `map`, `int`, ...).
    public var runtimeName: String {
        switch self {
        case .list: return "list"
        case .map: return "map"
        case .nullable(let inner): return inner.runtimeName
        case .typeParam: return "dyn"
        default: return description
        }
    }

    /// The erased form used for runtime type values: `list(dyn)`, `map(dyn, dyn)`, wrappers unwrapped.
    var erased: CELType {
        switch self {
        case .list: return .list(.dyn)
        case .map: return .map(.dyn, .dyn)
        case .nullable(let inner): return inner.erased
        case .typeParam: return .dyn
        default: return self
        }
    }

    /// True for `int`, `uint` and `double` (also when nullable).
    var isNumeric: Bool {
        switch self {
        case .int, .uint, .double: return true
        case .nullable(let inner): return inner.isNumeric
        default: return false
        }
    }

    /// True when the type is `dyn` or a type parameter (an unknown type).
    var isDynamic: Bool {
        switch self {
        case .dyn, .typeParam: return true
        default: return false
        }
    }

    /// True when no part of the type is dynamic or a type parameter.
    var isFullyKnown: Bool {
        switch self {
        case .dyn, .typeParam: return false
        case .list(let elem): return elem.isFullyKnown
        case .map(let key, let value): return key.isFullyKnown && value.isFullyKnown
        case .nullable(let inner): return inner.isFullyKnown
        default: return true
        }
    }

    /// The built-in type denotations that are usable as identifiers in expressions.
    static let denotations: [String: CELType] = [
        "bool": .bool, "int": .int, "uint": .uint, "double": .double, "string": .string,
        "bytes": .bytes, "list": .list(.dyn), "map": .map(.dyn, .dyn), "null_type": .null,
        "type": .type, "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
    ]
}

/// Supplies the field layout of host message types to the checker and the runtime.
public protocol CELTypeProvider: Sendable {
    /// Declared type of `field` on message `typeName`, nil if no such field.
    func fieldType(of typeName: String, field: String) -> CELType?
    /// Whether `typeName` is a message type, so expressions may name it as a type value (default: false;
    /// types mentioned in variable and function declarations are always known).
    func hasMessageType(_ typeName: String) -> Bool
    /// A position of `field` on message `typeName` that its objects accept in `CELObject.celField(at:named:)`, so
    /// that a planned selection need not look the name up for every evaluation (default: none).
    func fieldIndex(of typeName: String, field: String) -> Int?
}

extension CELTypeProvider {
    /// Default: only message types mentioned in declarations are usable as type values.
    public func hasMessageType(_ typeName: String) -> Bool { false }
    /// Default: fields are looked up by name.
    public func fieldIndex(of typeName: String, field: String) -> Int? { nil }
}
