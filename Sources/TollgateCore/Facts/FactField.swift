import Foundation

/// One declared field of a fact object: its schema entry and how to read it from the Swift value.
public struct FactField<Root>: Sendable {
    /// The documented schema entry.
    public let schema: FactFieldSchema
    let read: @Sendable (Root) -> FactValue?

    init(
        _ name: String, _ type: FactType, nullable: Bool, optional: Bool? = nil, _ doc: String,
        read: @escaping @Sendable (Root) -> FactValue?
    ) {
        self.schema = FactFieldSchema(
            name: name, type: type, nullable: nullable, optional: optional ?? nullable, documentation: doc
        )
        self.read = read
    }
}

extension FactField {
    /// A required string.
    public static func string(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> String) -> Self {
        Self(name, .string, nullable: false, doc) { .string(get($0)) }
    }

    /// A string that may be unknown.
    public static func string(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> String?) -> Self {
        Self(name, .string, nullable: true, doc) { get($0).map(FactValue.string) }
    }

    /// A required integer.
    public static func int(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Int64) -> Self {
        Self(name, .int, nullable: false, doc) { .int(get($0)) }
    }

    /// An integer that may be unknown.
    public static func int(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Int64?) -> Self {
        Self(name, .int, nullable: true, doc) { get($0).map(FactValue.int) }
    }

    /// A required double.
    public static func double(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Double) -> Self {
        Self(name, .double, nullable: false, doc) { .double(get($0)) }
    }

    /// A double that may be unknown.
    public static func double(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Double?) -> Self {
        Self(name, .double, nullable: true, doc) { get($0).map(FactValue.double) }
    }

    /// A required boolean.
    public static func bool(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Bool) -> Self {
        Self(name, .bool, nullable: false, doc) { .bool(get($0)) }
    }

    /// A boolean that may be unknown.
    public static func bool(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Bool?) -> Self {
        Self(name, .bool, nullable: true, doc) { get($0).map(FactValue.bool) }
    }

    /// A point in time that may be unknown.
    public static func timestamp(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Date?) -> Self {
        Self(name, .timestamp, nullable: true, doc) { get($0).map(FactValue.timestamp) }
    }

    /// A list of strings; nil means the list was not read (unknown), not that it is empty.
    public static func strings(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> [String]?) -> Self {
        Self(name, .list(.string), nullable: false, optional: true, doc) {
            get($0).map { .list($0.map(FactValue.string)) }
        }
    }

    /// A string-to-string map; nil means it was not read.
    public static func stringMap(
        _ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> [(key: String, value: String)]?
    ) -> Self {
        Self(name, .map(.string), nullable: false, optional: true, doc) {
            get($0).map { .map($0.map { (key: $0.key, value: FactValue.string($0.value)) }) }
        }
    }

    /// A nested object that may be absent.
    public static func object<T: FactSchemaDeclaring>(
        _ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> T?
    ) -> Self {
        Self(name, .object(T.factTypeName), nullable: true, doc) { get($0).map { .object($0) } }
    }

    /// A list of nested objects; nil means the list was not read (unknown), not that it is empty.
    public static func objects<T: FactSchemaDeclaring>(
        _ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> [T]?
    ) -> Self {
        Self(name, .list(.object(T.factTypeName)), nullable: false, optional: true, doc) {
            get($0).map { .list($0.map { .object($0) }) }
        }
    }
}

/// The fields of one fact object type, with a name index for lookups.
///
/// One shared object per type: policies read fields through it for every package, and a reference costs one count
/// where a copied table of arrays costs one per array.
public final class FactFieldTable<Root>: Sendable {
    /// The fields in output order.
    public let fields: [FactField<Root>]
    private let index: [String: Int]
    /// Each field's name and reader by position, apart from the rest of its schema: reading a field copies no
    /// schema entry.
    private let names: [String]
    private let readers: [@Sendable (Root) -> FactValue?]

    /// Creates the table; field names must be unique.
    public init(_ fields: [FactField<Root>]) {
        self.fields = fields
        var index: [String: Int] = [:]
        for (i, field) in fields.enumerated() {
            precondition(index[field.schema.name] == nil, "duplicate fact field \(field.schema.name)")
            index[field.schema.name] = i
        }
        self.index = index
        names = fields.map(\.schema.name)
        readers = fields.map(\.read)
    }

    /// The value of the named field in `root`, or nil when unset or undeclared.
    public func value(of name: String, in root: Root) -> FactValue? {
        guard let i = index[name] else { return nil }
        return readers[i](root)
    }

    /// The value of the field at `index` in `root`, when that field is named `name`; otherwise looked up by name.
    public func value(at index: Int, named name: String, in root: Root) -> FactValue? {
        guard index >= 0, index < names.count, names[index] == name else {
            return value(of: name, in: root)
        }
        return readers[index](root)
    }

    /// All set fields of `root`, in order.
    public func values(in root: Root) -> [(String, FactValue)] {
        zip(names, readers).compactMap { name, read in read(root).map { (name, $0) } }
    }
}
