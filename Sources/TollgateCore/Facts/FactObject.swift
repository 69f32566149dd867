/// An object of the fact document: a typed Swift value whose fields are declared in the fact schema.
///
/// Fields are produced on demand, so that a policy that reads two fields of a package does not pay for
/// converting the other fifty.
public protocol FactObject: Sendable {
    /// The schema type name of this object (`Package`, `Person`, `Dependency`, …).
    var factTypeName: String { get }
    /// The value of a field, or nil when the field is unset (unknown, not read).
    func factField(_ name: String) -> FactValue?
    /// The value of the field declared at `index` of the object's schema, which is named `name` (a caller that
    /// resolved the name once passes both; an object without declared positions looks the name up).
    func factField(at index: Int, named name: String) -> FactValue?
    /// Whether `other` reads the same, field for field (see `FactValue.isSame(as:)`); false when the type cannot
    /// tell.
    func isSameFact(as other: any FactObject) -> Bool
    /// The immutable object holding the value of the field at `index` (named `name`), when the document holds it
    /// by reference: two documents whose field has the same holder read the same without comparing. Nil when the
    /// value is not held that way.
    func factFieldHolder(at index: Int, named name: String) -> AnyObject?
    /// How many elements the document's lists hold, counting the lists it already holds (a field derived on first
    /// use is not derived to count it): the size a policy host scales each evaluation's cost budget to, so that a
    /// rule reading a list once is not stopped on a large package.
    var factElementCount: Int { get }
}

extension FactObject {
    public func factField(at index: Int, named name: String) -> FactValue? { factField(name) }
    public func factFieldHolder(at index: Int, named name: String) -> AnyObject? { nil }
    public var factElementCount: Int { 0 }
}

/// A Swift type that declares its fact fields once: name, type, documentation and accessor.
public protocol FactSchemaDeclaring: FactObject {
    /// The schema type name.
    static var factTypeName: String { get }
    /// One paragraph describing the object.
    static var factDocumentation: String { get }
    /// The fields, in output order.
    static var factFields: FactFieldTable<Self> { get }
}

extension FactSchemaDeclaring {
    public var factTypeName: String { Self.factTypeName }

    public func factField(_ name: String) -> FactValue? {
        Self.factFields.value(of: name, in: self)
    }

    public func factField(at index: Int, named name: String) -> FactValue? {
        Self.factFields.value(at: index, named: name, in: self)
    }

    /// The schema entry of this type.
    public static var factObjectSchema: FactObjectSchema {
        FactObjectSchema(
            name: factTypeName,
            documentation: factDocumentation,
            fields: factFields.fields.map(\.schema)
        )
    }
}

/// An object built from untyped data (a JSON fact file, a policy example) after checking it against the schema.
public struct DynamicFactObject: FactObject {
    /// The schema type name.
    public let factTypeName: String
    /// The set fields.
    public let fields: [String: FactValue]
    /// The field names in the order they were given.
    public let order: [String]

    /// Creates an object of a schema type from fields already checked against the schema.
    public init(typeName: String, fields: [(String, FactValue)]) {
        self.factTypeName = typeName
        self.fields = Dictionary(fields, uniquingKeysWith: { _, last in last })
        self.order = fields.map(\.0)
    }

    public func factField(_ name: String) -> FactValue? { fields[name] }

    /// The elements of every list and map among its fields, nested ones included.
    public var factElementCount: Int { fields.values.reduce(0) { $0 + $1.elementCount } }
}

extension FactValue {
    /// The elements of the lists and maps this value holds, nested ones included (objects other than dynamic ones
    /// count what they say they hold).
    var elementCount: Int {
        switch self {
        case .list(let items): return items.reduce(items.count) { $0 + $1.elementCount }
        case .map(let entries): return entries.reduce(entries.count) { $0 + $1.value.elementCount }
        case .object(let object): return object.factElementCount
        default: return 0
        }
    }
}
