import Foundation

extension FactObject {
    /// False: an object whose fields are not declared (see `FactSchemaDeclaring`) cannot tell, and callers then
    /// treat the values as different.
    public func isSameFact(as other: any FactObject) -> Bool { false }
}

extension FactSchemaDeclaring {
    /// Field by field through the schema's own readers — the values policies read — so that "the same" means what
    /// a policy could not tell apart, whatever the type's Swift equality says (which compares strings by Unicode
    /// canonical equivalence, where CEL compares bytes).
    public func isSameFact(as other: any FactObject) -> Bool {
        guard let other = other as? Self else { return false }
        return Self.factFields.sameFields(self, other)
    }
}

extension FactValue {
    /// Whether two values read the same to a policy: same case, same payload — strings byte for byte (as CEL
    /// compares them: a precomposed "é" is not a decomposed one), doubles and times bit for bit, objects by
    /// `FactObject.isSameFact(as:)`, lists and maps element by element, in order.
    public func isSame(as other: FactValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return FactSameness.double(a, b)
        case (.string(let a), .string(let b)): return FactSameness.text(a, b)
        case (.timestamp(let a), .timestamp(let b)): return FactSameness.time(a, b)
        case (.list(let a), .list(let b)): return FactSameness.list(a, b) { $0.isSame(as: $1) }
        case (.map(let a), .map(let b)):
            return FactSameness.list(a, b) { FactSameness.text($0.key, $1.key) && $0.value.isSame(as: $1.value) }
        case (.object(let a), .object(let b)): return a.isSameFact(as: b)
        default: return false
        }
    }
}
