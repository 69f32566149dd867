import Foundation

/// An object whose Swift equality holds exactly when every fact field reads the same — which a memberwise
/// (synthesized) `==` over the fields the accessors read gives. A rule that reads nothing but such a value can then
/// reuse its result for an equal value (see `FactObject.isSameFact(as:)`).
///
/// Doubles compare as Swift compares them: NaN never matches (the rule runs); +0 and −0 would match, and history
/// facts never hold −0 (their days are differences of distinct dates, or +0).
public protocol FactEquatable: FactObject, Equatable {}

extension FactObject {
    /// False: a type that is not `FactEquatable` cannot tell, and callers then treat the values as different.
    public func isSameFact(as other: any FactObject) -> Bool { false }
}

extension FactEquatable {
    public func isSameFact(as other: any FactObject) -> Bool {
        guard let other = other as? Self else { return false }
        return other == self
    }
}

extension FactValue {
    /// Whether two values read the same to a policy: same case, same payload (doubles and times bit for bit,
    /// objects by `FactObject.isSameFact(as:)`, lists and maps element by element, in order).
    public func isSame(as other: FactValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)):
            return a.timeIntervalSinceReferenceDate.bitPattern == b.timeIntervalSinceReferenceDate.bitPattern
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSame(as: $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value.isSame(as: $1.value) }
        case (.object(let a), .object(let b)): return a.isSameFact(as: b)
        default: return false
        }
    }
}
