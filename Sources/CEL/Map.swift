/// A normalized map key: numerically equal `int`, `uint` and integral `double` keys coincide.
enum MapKey: Hashable, Sendable {
    case int(Int64)
    /// Only for values above `Int64.max`; smaller uints normalize to `.int`.
    case uint(UInt64)
    case bool(Bool)
    case string(ExactString)

    /// The key for a value that may be stored in a map; nil for unsupported key types.
    init?(storable value: CELValue) {
        switch value {
        case .int(let v): self = .int(v)
        case .uint(let v): self = v <= UInt64(Int64.max) ? .int(Int64(v)) : .uint(v)
        case .bool(let v): self = .bool(v)
        case .string(let v): self = .string(ExactString(v))
        default: return nil
        }
    }

    /// The key used to look a value up; integral doubles find int/uint keys. Nil when nothing can match.
    init?(lookup value: CELValue) {
        if case .double(let d) = value {
            guard d.rounded(.towardZero) == d else { return nil }
            if d >= -9.223372036854775808e18 && d < 9.223372036854775808e18 {
                self = .int(Int64(d))
            } else if d >= 0 && d < 1.8446744073709551616e19 {
                self = .uint(UInt64(d))
            } else {
                return nil
            }
            return
        }
        self.init(storable: value)
    }
}

/// A string wrapper whose equality and hash are byte-wise (no Unicode normalization).
struct ExactString: Hashable, Sendable {
    let value: String
    init(_ value: String) { self.value = value }
    static func == (lhs: ExactString, rhs: ExactString) -> Bool { utf8Equal(lhs.value, rhs.value) }
    func hash(into hasher: inout Hasher) { hashUTF8(value, into: &hasher) }
}

/// An immutable CEL map preserving insertion order; keys are `int`, `uint`, `bool` or `string`.
public struct CELMap: Sendable {
    final class Storage: Sendable {
        let keys: [CELValue]
        let values: [CELValue]
        let index: [MapKey: Int]
        init(keys: [CELValue], values: [CELValue], index: [MapKey: Int]) {
            self.keys = keys
            self.values = values
            self.index = index
        }
    }

    let storage: Storage

    /// An empty map.
    public init() { storage = CELMap.empty }

    private static let empty = Storage(keys: [], values: [], index: [:])

    /// Builds a map from entries; throws on unsupported key types or repeated keys.
    public init(entries: [(key: CELValue, value: CELValue)]) throws(CELEvaluationError) {
        var builder = CELMapBuilder(capacity: entries.count)
        for entry in entries { try builder.insert(entry.key, entry.value) }
        self = builder.build()
    }

    /// Builds a map with string keys.
    public init(_ dictionary: [String: CELValue]) {
        var builder = CELMapBuilder(capacity: dictionary.count)
        for (key, value) in dictionary.sorted(by: { compareStrings($0.key, $1.key) < 0 }) {
            builder.insertUnchecked(.string(key), MapKey.string(ExactString(key)), value)
        }
        self = builder.build()
    }

    init(storage: Storage) { self.storage = storage }

    /// Number of entries.
    public var count: Int { storage.keys.count }

    /// Keys in insertion order.
    public var keys: [CELValue] { storage.keys }

    /// Values in insertion order.
    public var values: [CELValue] { storage.values }

    /// Entries in insertion order.
    public var entries: [(key: CELValue, value: CELValue)] {
        Array(zip(storage.keys, storage.values)).map { (key: $0.0, value: $0.1) }
    }

    /// The value for a key under CEL key equality (`1`, `1u` and `1.0` find the same entry).
    public subscript(key: CELValue) -> CELValue? {
        guard let mapKey = MapKey(lookup: key) else { return nil }
        return self[mapKey]
    }

    /// The value for a string key.
    public subscript(key: String) -> CELValue? { self[MapKey.string(ExactString(key))] }

    subscript(key: MapKey) -> CELValue? {
        guard let position = storage.index[key] else { return nil }
        return storage.values[position]
    }

    /// Lookup requiring the same key kind (used by strict structural equality).
    func exactLookup(_ key: CELValue) -> CELValue? {
        guard let mapKey = MapKey(storable: key), let position = storage.index[mapKey] else { return nil }
        return sameKind(storage.keys[position], key) ? storage.values[position] : nil
    }
}

private func sameKind(_ a: CELValue, _ b: CELValue) -> Bool {
    switch (a, b) {
    case (.int, .int), (.uint, .uint), (.bool, .bool), (.string, .string): return true
    default: return false
    }
}

/// Incrementally builds a `CELMap`, validating keys.
struct CELMapBuilder {
    private var keys: [CELValue] = []
    private var values: [CELValue] = []
    private var index: [MapKey: Int] = [:]

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        index.reserveCapacity(capacity)
    }

    /// Adds an entry; throws for unsupported key types and repeated keys.
    mutating func insert(_ key: CELValue, _ value: CELValue) throws(CELEvaluationError) {
        guard let mapKey = MapKey(storable: key) else {
            throw CELEvaluationError(.invalidArgument, "unsupported key type '\(key.typeName)' in map")
        }
        guard index[mapKey] == nil else {
            throw CELEvaluationError(.invalidArgument, "Failed with repeated key \(key.literal) in map literal")
        }
        insertUnchecked(key, mapKey, value)
    }

    /// Adds or replaces an entry (used by transformations whose keys are already unique).
    mutating func insertUnchecked(_ key: CELValue, _ mapKey: MapKey, _ value: CELValue) {
        if let position = index[mapKey] {
            values[position] = value
            return
        }
        index[mapKey] = keys.count
        keys.append(key)
        values.append(value)
    }

    func build() -> CELMap { CELMap(storage: CELMap.Storage(keys: keys, values: values, index: index)) }
}
