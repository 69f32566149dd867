import TollgateCore

/// What an evaluator remembers from one package to the next of rules whose condition reads a single field: the
/// value that field had, and which of those rules were false for it. Such a condition's value depends on that
/// field's value alone (a CEL program is a function of the variables it refers to), so while consecutive packages
/// hold the same value — every index entry of an archive judged against a history that holds nothing earlier,
/// say — the rules false for it are not run again. Values are compared with `FactValue.isSame(as:)` (field by
/// field through the schema, strings byte for byte); a value that cannot be compared (an object without declared
/// fields) never matches.
struct RuleMemo {
    private let slots: [Int]
    private let names: [String]
    /// Per field: the value last seen (nil: unset), whether one was seen, and the rules (bits by active-rule index)
    /// found false for it.
    private var values: [FactValue?]
    /// The object holding the value last seen, when the document holds it by reference (see
    /// `FactObject.factFieldHolder`): kept alive, so that the same object means the same value.
    private var holders: [AnyObject?]
    private var seen: [Bool]
    private var falseRules: [UInt64]
    /// For the package being judged: which fields were compared, and which of those held the remembered value.
    private var compared: UInt64 = 0
    private var same: UInt64 = 0

    init(slots: [Int], names: [String]) {
        self.slots = slots
        self.names = names
        values = Array(repeating: nil, count: slots.count)
        holders = Array(repeating: nil, count: slots.count)
        seen = Array(repeating: false, count: slots.count)
        falseRules = Array(repeating: 0, count: slots.count)
    }

    /// Starts another package.
    mutating func reset() {
        compared = 0
        same = 0
    }

    /// Whether `rule`, reading field number `field` alone, was false for the value `facts` holds. Fields past the
    /// first 64 are not remembered.
    mutating func knownFalse(rule: Int, field: Int, of facts: any FactObject) -> Bool {
        guard field < 64 else { return false }
        let bit: UInt64 = 1 << UInt64(field)
        if compared & bit == 0 {
            compared |= bit
            let slot = slots[field]
            let holder = facts.factFieldHolder(at: slot, named: names[slot])
            if let holder, let known = holders[field], holder === known {
                same |= bit
            } else {
                let value = facts.factField(at: slot, named: names[slot])
                let matches: Bool
                switch (values[field], value) {
                case (nil, nil): matches = seen[field]
                case (let before?, let now?): matches = before.isSame(as: now)
                default: matches = false
                }
                if matches {
                    same |= bit
                } else {
                    values[field] = value
                    seen[field] = true
                    falseRules[field] = 0
                }
                holders[field] = holder
            }
        }
        return same & bit != 0 && falseRules[field] & (1 << UInt64(rule)) != 0
    }

    /// Notes that `rule` was false for the value of field number `field` compared for this package.
    mutating func noteFalse(rule: Int, field: Int) {
        guard field < 64, compared & (1 << UInt64(field)) != 0 else { return }
        falseRules[field] |= 1 << UInt64(rule)
    }
}
