import CEL
import Foundation
import TollgateCore

/// A fact object seen from CEL: fields are converted when an expression selects them.
struct FactCELObject: CELObject {
    let object: any FactObject

    var celTypeName: String { object.factTypeName }

    func celField(_ name: String) -> CELValue? {
        object.factField(name).map(FactBridge.value)
    }

    func celField(at index: Int, named name: String) -> CELValue? {
        object.factField(at: index, named: name).map(FactBridge.value)
    }

    var celFieldNames: [String] {
        switch object {
        case let declaring as any FactSchemaDeclaring: declaring.allFactValues().map(\.0)
        case let dynamic as DynamicFactObject: dynamic.order
        default: []
        }
    }
}

/// Conversions between fact values and CEL values, and the CEL types of fact fields.
enum FactBridge {
    static func value(_ fact: FactValue) -> CELValue {
        switch fact {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .timestamp(let date): return .timestamp(timestamp(date))
        case .list(let items): return .list(items.map(value))
        case .map(let entries):
            var dictionary: [String: CELValue] = [:]
            for (key, item) in entries { dictionary[key] = value(item) }
            return .map(CELMap(dictionary))
        case .object(let object): return .object(FactCELObject(object: object))
        }
    }

    static func timestamp(_ date: Date) -> CELTimestamp {
        let t = date.timeIntervalSince1970
        let seconds = Int64(t.rounded(.down))
        let nanos = Int32(max(0, min(999_999_999, ((t - Double(seconds)) * 1e9).rounded())))
        return CELTimestamp(seconds: seconds, nanos: nanos)
    }

    static func date(_ timestamp: CELTimestamp) -> Date {
        Date(timeIntervalSince1970: Double(timestamp.seconds) + Double(timestamp.nanos) / 1e9)
    }

    /// The CEL type of a fact field: unset nullable scalars read as null; unset objects as an empty object.
    static func type(_ type: FactType, nullable: Bool) -> CELType {
        let base: CELType
        switch type {
        case .bool: base = .bool
        case .int: base = .int
        case .double: base = .double
        case .string: base = .string
        case .timestamp: base = .timestamp
        case .list(let element): return .list(self.type(element, nullable: false))
        case .map(let element): return .map(.string, self.type(element, nullable: false))
        case .object(let name): return .message(name)
        }
        return nullable ? .nullable(base) : base
    }
}

/// Supplies CEL with the schema's object types.
struct FactTypeProvider: CELTypeProvider {
    let schema: FactSchema

    func fieldType(of typeName: String, field: String) -> CELType? {
        schema.fieldType(of: typeName, field: field).map { FactBridge.type($0.type, nullable: $0.nullable) }
    }

    func hasMessageType(_ typeName: String) -> Bool { schema.object(typeName) != nil }

    /// A field's position in its object type, which is also its variable slot for the root type.
    func fieldIndex(of typeName: String, field: String) -> Int? { schema.object(typeName)?.fieldIndex(field) }
}

/// The top-level fields of one package as CEL variables, converted on first use and kept for the package's whole
/// evaluation; it is also the `facts` object (a reference, so handing it to CEL allocates nothing). Used by one
/// thread at a time (one package is evaluated on one thread).
final class PackageVariables: CELVariableResolver, CELObject, @unchecked Sendable {
    private var object: any FactObject
    private let layout: VariableLayout
    // Only the variables a package's rules read are converted (typically a handful of the fifty), so they are kept
    // as a short list rather than a slot-indexed array built and torn down for every package: each field read so
    // far with its slot, its value and whether the document sets it (an unset field reads as its type's zero
    // value), in one array — one allocation per package. One thread uses a set of variables at a time, so the
    // runtime's exclusivity checks on every access (a twentieth of evaluation time) are left out.
    @exclusivity(unchecked) private var cache: [(slot: Int, value: CELValue, isSet: Bool)] = []
    /// For the first 64 slots (all of a package document's): which were read, and of those which the document sets
    /// and which read as their type's zero value — what the engine asks of most rules before running any, answered
    /// without copying a value.
    @exclusivity(unchecked) private var readBits: UInt64 = 0
    @exclusivity(unchecked) private var setBits: UInt64 = 0
    @exclusivity(unchecked) private var zeroBits: UInt64 = 0
    /// Whether an expression used the document as a whole (its field names), not only field by field.
    private(set) var readWholeDocument = false
    /// The slots whose presence was asked for (`has(facts.x)`), when recorded.
    @exclusivity(unchecked) var presenceReads: Set<Int>? = nil

    init(object: any FactObject, layout: VariableLayout) {
        self.object = object
        self.layout = layout
        cache.reserveCapacity(16)
    }

    /// Starts over with another document (what was read of the previous one is dropped).
    func reset(_ object: any FactObject) {
        self.object = object
        cache.removeAll(keepingCapacity: true)
        readBits = 0
        setBits = 0
        zeroBits = 0
        readWholeDocument = false
        presenceReads = nil
    }

    /// The slots read so far, in the order they were first read.
    var readSlots: [Int] { cache.map(\.slot) }

    /// A field's value and whether the document sets it, converted on first use only.
    func resolve(_ slot: Int) -> (value: CELValue, isSet: Bool) {
        for i in cache.indices where cache[i].slot == slot { return (cache[i].value, cache[i].isSet) }
        return convert(slot, object.factField(at: slot, named: layout.names[slot]))
    }

    /// Converts and keeps a field's value as read from the document.
    private func convert(_ slot: Int, _ fact: FactValue?) -> (value: CELValue, isSet: Bool) {
        let zero = layout.zeros[slot]
        let value = fact.map(FactBridge.value) ?? zero
        cache.append((slot, value, fact != nil))
        if slot < 64 {
            let bit: UInt64 = 1 << UInt64(slot)
            readBits |= bit
            if fact != nil { setBits |= bit }
            if fact == nil || value.isZero(like: zero) { zeroBits |= bit }
        }
        return (value, fact != nil)
    }

    /// Whether the document leaves the field in `slot` unset.
    func isUnset(_ slot: Int) -> Bool {
        if slot < 64 {
            if readBits & (1 << UInt64(slot)) == 0 { look(slot) }
            return setBits & (1 << UInt64(slot)) == 0
        }
        return !resolve(slot).isSet
    }

    /// Whether the field in `slot` reads as its type's zero value: unset, or set to an empty list, string, … that
    /// only a presence test tells from unset.
    func readsAsZero(_ slot: Int) -> Bool {
        if slot < 64 {
            if readBits & (1 << UInt64(slot)) == 0 { look(slot) }
            return zeroBits & (1 << UInt64(slot)) != 0
        }
        let (value, isSet) = resolve(slot)
        return !isSet || value.isZero(like: layout.zeros[slot])
    }

    /// Notes whether one of the first 64 fields is set and reads as zero. A field the document leaves unset or
    /// sets to an empty list — most deciding fields of most packages: no scripts, no file list, no signatures — is
    /// answered from the fact value without converting it (a rule that runs converts it then); others are
    /// converted and kept.
    private func look(_ slot: Int) {
        let fact = object.factField(at: slot, named: layout.names[slot])
        let bit: UInt64 = 1 << UInt64(slot)
        if fact == nil {
            readBits |= bit
            zeroBits |= bit
        } else if case .list(let items)? = fact, items.isEmpty, case .list = layout.zeros[slot] {
            readBits |= bit
            setBits |= bit
            zeroBits |= bit
        } else {
            _ = convert(slot, fact)
        }
    }

    func value(forSlot slot: Int) -> CELValue? {
        guard slot < layout.names.count else { return nil }
        // The document itself is not cached: it would hold itself.
        if slot == layout.documentSlot { return .object(self) }
        return resolve(slot).value
    }

    var celTypeName: String { object.factTypeName }

    func celField(_ name: String) -> CELValue? {
        guard let slot = layout.slots[name], slot != layout.documentSlot else { return nil }
        return documentField(slot)
    }

    /// A field read as `facts.x`. Unset fields stay unset here (nil): the reader then uses its type's zero value,
    /// which for an object is not the value the variable would have given — so while reads are recorded, an
    /// object-typed field read this way counts as tested for presence (it decides only when unset).
    private func documentField(_ slot: Int) -> CELValue? {
        if presenceReads != nil, case .message = layout.types[slot] { presenceReads?.insert(slot) }
        let (value, isSet) = resolve(slot)
        return isSet ? value : nil
    }

    func celHasField(_ name: String) -> Bool {
        guard let slot = layout.slots[name], slot != layout.documentSlot else { return false }
        presenceReads?.insert(slot)
        return resolve(slot).isSet
    }

    func celHasField(at index: Int, named name: String) -> Bool {
        guard index >= 0, index < layout.names.count, index != layout.documentSlot, layout.names[index] == name else {
            return celHasField(name)
        }
        presenceReads?.insert(index)
        return resolve(index).isSet
    }

    /// A root field's position is its variable slot.
    func celField(at index: Int, named name: String) -> CELValue? {
        guard index >= 0, index < layout.names.count, index != layout.documentSlot, layout.names[index] == name else {
            return celField(name)
        }
        return documentField(index)
    }

    var celFieldNames: [String] {
        readWholeDocument = true
        return FactCELObject(object: object).celFieldNames
    }
}

/// Which variable slot holds which top-level field, shared by every evaluation of an environment.
final class VariableLayout: Sendable {
    let names: [String]
    let types: [CELType]
    let slots: [String: Int]
    let documentSlot: Int
    /// What an unset field of each slot reads as, made once (an empty object is not rebuilt per package).
    let zeros: [CELValue]

    init(names: [String], types: [CELType], documentSlot: Int, zeros: [CELValue]? = nil) {
        self.names = names
        self.types = types
        self.documentSlot = documentSlot
        self.zeros = zeros ?? types.map(CELValue.zero(of:))
        self.slots = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }
}
