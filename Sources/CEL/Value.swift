/// A CEL runtime value.
public enum CELValue: Sendable {
    /// `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit signed integer.
    case int(Int64)
    /// A 64-bit unsigned integer.
    case uint(UInt64)
    /// A double-precision float.
    case double(Double)
    /// A string of Unicode code points (compared byte-wise, never normalized).
    case string(String)
    /// A byte sequence.
    case bytes([UInt8])
    /// A list of values (elements may have different types).
    case list([CELValue])
    /// A map with `int`, `uint`, `bool` or `string` keys.
    case map(CELMap)
    /// A point in time (`google.protobuf.Timestamp`).
    case timestamp(CELTimestamp)
    /// A signed span of time (`google.protobuf.Duration`).
    case duration(CELDuration)
    /// A type value such as `int` or `list`.
    case type(CELType)
    /// A host message object.
    indirect case object(any CELObject)

    /// The runtime type of the value (type arguments erased), as returned by CEL's `type()`.
    public var celType: CELType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list(.dyn)
        case .map: return .map(.dyn, .dyn)
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .type: return .type
        case .object(let object): return .message(object.celTypeName)
        }
    }

    /// The runtime type name used in error messages (`int`, `list`, `Package`, ...).
    var typeName: String { celType.runtimeName }
}

/// A host message value that CEL expressions can select fields from.
public protocol CELObject: Sendable {
    /// Fully qualified message type name, matching the names known to the `CELTypeProvider`.
    var celTypeName: String { get }
    /// The value of a set field, or nil when unset.
    func celField(_ name: String) -> CELValue?
    /// The value of a set field whose position the type provider gave when the expression was planned
    /// (`CELTypeProvider.fieldIndex`); the default looks the name up.
    func celField(at index: Int, named name: String) -> CELValue?
    /// Whether a field is set, for `has()`; the default reads the field.
    func celHasField(_ name: String) -> Bool
    /// Whether a field at a planned position is set, for `has()`; the default reads the field.
    func celHasField(at index: Int, named name: String) -> Bool
    /// Names of the fields that are currently set, in a stable order (used by equality and printing).
    var celFieldNames: [String] { get }
}

extension CELObject {
    public func celField(at index: Int, named name: String) -> CELValue? { celField(name) }
    public func celHasField(_ name: String) -> Bool { celField(name) != nil }
    public func celHasField(at index: Int, named name: String) -> Bool { celField(at: index, named: name) != nil }
}

/// The all-unset message of a type, produced when selecting an unset message-typed field.
struct EmptyObject: CELObject {
    let celTypeName: String
    func celField(_ name: String) -> CELValue? { nil }
    var celFieldNames: [String] { [] }
}

extension CELValue: Equatable {
    /// Strict structural equality: same case and same payload (NaN equals NaN; `1 == 1u` is false).
    /// For CEL's own `==` semantics use `celEquals(_:)`.
    public static func == (lhs: CELValue, rhs: CELValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)):
            return a.isNaN ? b.isNaN : (a == b && a.sign == b.sign)
        case (.string(let a), .string(let b)): return utf8Equal(a, b)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a.entries {
                guard let other = b.exactLookup(key), other == value else { return false }
            }
            return true
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.type(let a), .type(let b)): return a.erased == b.erased
        case (.object(let a), .object(let b)): return objectsEqual(a, b, strict: true)
        default: return false
        }
    }
}

/// Compares two objects field by field (same type name and same set fields with equal values).
func objectsEqual(_ a: any CELObject, _ b: any CELObject, strict: Bool) -> Bool {
    guard a.celTypeName == b.celTypeName else { return false }
    let names = a.celFieldNames
    guard names.count == b.celFieldNames.count else { return false }
    for name in names {
        guard let left = a.celField(name), let right = b.celField(name) else { return false }
        if strict ? left != right : !left.celEquals(right) { return false }
    }
    return true
}

extension CELValue {
    /// Convenience: a list value from Swift strings.
    public static func strings(_ values: [String]) -> CELValue { .list(values.map { .string($0) }) }

    /// The Swift `Bool` when this is a `bool` value.
    public var boolValue: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    /// The Swift `Int64` when this is an `int` value.
    public var intValue: Int64? { if case .int(let value) = self { return value } else { return nil } }
    /// The Swift `UInt64` when this is a `uint` value.
    public var uintValue: UInt64? { if case .uint(let value) = self { return value } else { return nil } }
    /// The Swift `Double` when this is a `double` value.
    public var doubleValue: Double? { if case .double(let value) = self { return value } else { return nil } }
    /// The Swift `String` when this is a `string` value.
    public var stringValue: String? { if case .string(let value) = self { return value } else { return nil } }
    /// The elements when this is a `list` value.
    public var listValue: [CELValue]? { if case .list(let value) = self { return value } else { return nil } }
    /// The map when this is a `map` value.
    public var mapValue: CELMap? { if case .map(let value) = self { return value } else { return nil } }
}

extension CELValue {
    /// What an unset field of a declared type reads as (protobuf 3 semantics), for hosts that supply fields lazily.
    public static func zero(of type: CELType) -> CELValue { zeroValue(of: type) }

    /// Whether this value is `zero` itself, where `zero` is a type's zero value (see `zero(of:)`): null, false, 0,
    /// an empty string, bytes, list or map of the same kind — nothing but a presence test tells the two apart.
    /// Values of other kinds (objects, doubles, timestamps, durations, types) are not compared: false.
    public func isZero(like zero: CELValue) -> Bool {
        switch (self, zero) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): !a && !b
        case (.int(let a), .int(let b)): a == 0 && b == 0
        case (.uint(let a), .uint(let b)): a == 0 && b == 0
        case (.string(let a), .string(let b)): a.isEmpty && b.isEmpty
        case (.bytes(let a), .bytes(let b)): a.isEmpty && b.isEmpty
        case (.list(let a), .list(let b)): a.isEmpty && b.isEmpty
        case (.map(let a), .map(let b)): a.count == 0 && b.count == 0
        default: false
        }
    }
}

/// The zero value of a declared field type, as produced for unset fields (protobuf 3 semantics).
func zeroValue(of type: CELType) -> CELValue {
    switch type {
    case .bool: return .bool(false)
    case .int: return .int(0)
    case .uint: return .uint(0)
    case .double: return .double(0)
    case .string: return .string("")
    case .bytes: return .bytes([])
    case .list: return .list([])
    case .map: return .map(CELMap())
    case .timestamp: return .timestamp(CELTimestamp(seconds: 0, nanos: 0))
    case .duration: return .duration(CELDuration(nanoseconds: 0))
    case .message(let name): return .object(EmptyObject(celTypeName: name))
    case .type: return .type(.dyn)
    case .null, .dyn, .nullable, .typeParam: return .null
    }
}
