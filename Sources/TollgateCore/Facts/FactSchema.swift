/// The type of a fact field, as policies see it.
public indirect enum FactType: Sendable, Equatable, CustomStringConvertible {
    case bool, int, double, string, timestamp
    case list(FactType)
    case map(FactType)
    case object(String)

    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .timestamp: "timestamp"
        case .list(let t): "list(\(t))"
        case .map(let t): "map(string, \(t))"
        case .object(let name): name
        }
    }
}

/// A documented field of a fact object.
public struct FactFieldSchema: Sendable {
    /// The field name, snake_case.
    public let name: String
    /// The field type.
    public let type: FactType
    /// True when an unset field reads as `null` in CEL (scalars and objects); unset lists and maps read as empty.
    public let nullable: Bool
    /// True when the field may be unset because the reader could not know it.
    public let optional: Bool
    /// What the field means, where it comes from in each ecosystem.
    public let documentation: String
}

/// A documented object type of the fact document.
public struct FactObjectSchema: Sendable {
    /// The type name (`Package`, `Person`, …).
    public let name: String
    /// What the object describes.
    public let documentation: String
    /// Its fields, in output order.
    public let fields: [FactFieldSchema]

    /// The field of that name, if declared.
    public func field(_ name: String) -> FactFieldSchema? {
        fields.first { $0.name == name }
    }

    /// The position of the field of that name among `fields`, if declared.
    public func fieldIndex(_ name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}

/// The whole fact schema: every object type reachable from a root type.
public struct FactSchema: Sendable {
    /// The root type (one fact document is one value of it).
    public let root: String
    /// Object types by name, in declaration order.
    public let objects: [FactObjectSchema]
    private let byName: [String: Int]

    /// Creates a schema from object types; the root must be among them.
    public init(root: String, objects: [FactObjectSchema]) {
        self.root = root
        self.objects = objects
        self.byName = Dictionary(objects.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The object type of that name.
    public func object(_ name: String) -> FactObjectSchema? {
        byName[name].map { objects[$0] }
    }

    /// The declared type of `field` on object type `typeName`.
    public func fieldType(of typeName: String, field: String) -> FactFieldSchema? {
        object(typeName)?.field(field)
    }
}
