import Foundation

/// A value in a fact document: what a reader found, as policies and JSON output see it.
public enum FactValue: Sendable {
    /// An explicit null (a nullable field that was read but holds nothing).
    case null
    /// A boolean.
    case bool(Bool)
    /// A signed 64-bit integer.
    case int(Int64)
    /// A double.
    case double(Double)
    /// A UTF-8 string.
    case string(String)
    /// A point in time (UTC).
    case timestamp(Date)
    /// A list of values of one type.
    case list([FactValue])
    /// A string-keyed map whose values share one type, in key order as read.
    case map([(key: String, value: FactValue)])
    /// A nested object described by the fact schema.
    case object(any FactObject)
}

extension FactValue {
    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer payload, if this is an integer.
    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The boolean payload, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The list payload, if this is a list.
    public var listValue: [FactValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// The object payload, if this is an object.
    public var objectValue: (any FactObject)? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Looks a field up on an object value, nil for other values and for unset fields.
    public subscript(field: String) -> FactValue? {
        objectValue?.factField(field)
    }
}
