/// A value parsed from JSON or YAML before it is checked against the fact schema, with where it was written.
public indirect enum UntypedValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([UntypedValue])
    /// A mapping in the order written.
    case map([(key: String, value: UntypedValue)])

    /// A short name of the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .list: "a list"
        case .map: "a mapping"
        }
    }
}

/// Where an untyped value was written, for diagnostics (`path:line:col`); unknown parts are nil.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    /// Creates a position.
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        guard let line else { return file }
        return "\(file):\(line):\(column ?? 1)"
    }
}

/// A problem with a file a person wrote (a policy, a profile, a waiver, a fact document), reported as
/// `path:line:col: error: message`.
public struct SourceDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String

    /// Creates a diagnostic.
    public init(_ position: SourcePosition, _ message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { "\(position): error: \(message)" }
}
