import Foundation

/// One declared field of a fact object: its schema entry and how to read it from the Swift value.
public struct FactField<Root>: Sendable {
    /// The documented schema entry.
    public let schema: FactFieldSchema
    let read: @Sendable (Root) -> FactValue?
    /// Whether two values' fields read the same (as `FactValue.isSame(as:)` says of what `read` gives), compared
    /// in place without building the fact values. The values are passed by address: a generic closure would copy
    /// a whole value (a reference count per field) for every field compared.
    let same: @Sendable (UnsafePointer<Root>, UnsafePointer<Root>) -> Bool

    init(
        _ name: String, _ type: FactType, nullable: Bool, optional: Bool? = nil, _ doc: String,
        same: @escaping @Sendable (UnsafePointer<Root>, UnsafePointer<Root>) -> Bool,
        read: @escaping @Sendable (Root) -> FactValue?
    ) {
        self.schema = FactFieldSchema(
            name: name, type: type, nullable: nullable, optional: optional ?? nullable, documentation: doc
        )
        self.read = read
        self.same = same
    }
}

/// How fields compare in place: as `FactValue.isSame(as:)` compares what they read as.
enum FactSameness {
    /// Strings byte for byte, as CEL compares them (Swift's == calls canonically equivalent strings equal).
    static func text(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
    static func double(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }
    static func time(_ a: Date, _ b: Date) -> Bool {
        a.timeIntervalSinceReferenceDate.bitPattern == b.timeIntervalSinceReferenceDate.bitPattern
    }
    /// Both unset, or both set and the same.
    static func optional<T>(_ a: T?, _ b: T?, _ same: (T, T) -> Bool) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): same(a, b)
        default: false
        }
    }
    static func list<T>(_ a: [T], _ b: [T], _ same: (T, T) -> Bool) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
    }
}

extension FactField {
    /// A required string.
    public static func string(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> String) -> Self {
        Self(name, .string, nullable: false, doc, same: { FactSameness.text(get($0.pointee), get($1.pointee)) }) {
            .string(get($0))
        }
    }

    /// A string that may be unknown.
    public static func string(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> String?) -> Self {
        Self(
            name, .string, nullable: true, doc,
            same: { FactSameness.optional(get($0.pointee), get($1.pointee), FactSameness.text) }
        ) {
            get($0).map(FactValue.string)
        }
    }

    /// A required integer.
    public static func int(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Int64) -> Self {
        Self(name, .int, nullable: false, doc, same: { get($0.pointee) == get($1.pointee) }) { .int(get($0)) }
    }

    /// An integer that may be unknown.
    public static func int(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Int64?) -> Self {
        Self(name, .int, nullable: true, doc, same: { get($0.pointee) == get($1.pointee) }) {
            get($0).map(FactValue.int)
        }
    }

    /// A required double.
    public static func double(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Double) -> Self {
        Self(name, .double, nullable: false, doc, same: { FactSameness.double(get($0.pointee), get($1.pointee)) }) {
            .double(get($0))
        }
    }

    /// A double that may be unknown.
    public static func double(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Double?) -> Self {
        Self(
            name, .double, nullable: true, doc,
            same: { FactSameness.optional(get($0.pointee), get($1.pointee), FactSameness.double) }
        ) { get($0).map(FactValue.double) }
    }

    /// A required boolean.
    public static func bool(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Bool) -> Self {
        Self(name, .bool, nullable: false, doc, same: { get($0.pointee) == get($1.pointee) }) { .bool(get($0)) }
    }

    /// A boolean that may be unknown.
    public static func bool(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Bool?) -> Self {
        Self(name, .bool, nullable: true, doc, same: { get($0.pointee) == get($1.pointee) }) {
            get($0).map(FactValue.bool)
        }
    }

    /// A point in time that may be unknown.
    public static func timestamp(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> Date?) -> Self {
        Self(
            name, .timestamp, nullable: true, doc,
            same: { FactSameness.optional(get($0.pointee), get($1.pointee), FactSameness.time) }
        ) { get($0).map(FactValue.timestamp) }
    }

    /// A list of strings; nil means the list was not read (unknown), not that it is empty.
    public static func strings(_ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> [String]?) -> Self {
        Self(
            name, .list(.string), nullable: false, optional: true, doc,
            same: {
                FactSameness.optional(get($0.pointee), get($1.pointee)) { FactSameness.list($0, $1, FactSameness.text) }
            }
        ) {
            get($0).map { .list($0.map(FactValue.string)) }
        }
    }

    /// A string-to-string map; nil means it was not read.
    public static func stringMap(
        _ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> [(key: String, value: String)]?
    ) -> Self {
        Self(
            name, .map(.string), nullable: false, optional: true, doc,
            same: {
                FactSameness.optional(get($0.pointee), get($1.pointee)) {
                    FactSameness.list($0, $1) {
                        FactSameness.text($0.key, $1.key) && FactSameness.text($0.value, $1.value)
                    }
                }
            }
        ) {
            get($0).map { .map($0.map { (key: $0.key, value: FactValue.string($0.value)) }) }
        }
    }

    /// A nested object that may be absent.
    public static func object<T: FactSchemaDeclaring>(
        _ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> T?
    ) -> Self {
        Self(
            name, .object(T.factTypeName), nullable: true, doc,
            same: { FactSameness.optional(get($0.pointee), get($1.pointee), T.factFields.sameFields) }
        ) { get($0).map { .object($0) } }
    }

    /// A list of nested objects; nil means the list was not read (unknown), not that it is empty.
    public static func objects<T: FactSchemaDeclaring>(
        _ name: String, _ doc: String, _ get: @escaping @Sendable (Root) -> [T]?
    ) -> Self {
        Self(
            name, .list(.object(T.factTypeName)), nullable: false, optional: true, doc,
            same: {
                FactSameness.optional(get($0.pointee), get($1.pointee)) {
                    FactSameness.list($0, $1, T.factFields.sameFields)
                }
            }
        ) {
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
    private let sames: [@Sendable (UnsafePointer<Root>, UnsafePointer<Root>) -> Bool]

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
        sames = fields.map(\.same)
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

    /// Whether every field reads the same in `a` and `b` (`FactValue.isSame(as:)`): what a policy reading them
    /// could not tell apart.
    public func sameFields(_ a: Root, _ b: Root) -> Bool {
        withUnsafePointer(to: a) { a in
            withUnsafePointer(to: b) { b in
                for same in sames where !same(a, b) { return false }
                return true
            }
        }
    }

    /// All set fields of `root`, in order.
    public func values(in root: Root) -> [(String, FactValue)] {
        zip(names, readers).compactMap { name, read in read(root).map { (name, $0) } }
    }
}
