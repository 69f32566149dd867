/// Result of comparing two orderable values.
enum Ordering {
    case less, equal, greater, unordered
}

extension CELValue {
    /// CEL equality: numbers compare by numeric value across `int`/`uint`/`double`, NaN is unequal to
    /// everything, lists and maps compare element-wise, values of different kinds are unequal.
    public func celEquals(_ other: CELValue) -> Bool {
        switch (self, other) {
        case (.string(let a), .string(let b)): return utf8Equal(a, b)
        case (.int(let a), .int(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int), (.double, .uint):
            return compareNumbers(self, other) == .equal
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for index in a.indices where !a[index].celEquals(b[index]) { return false }
            return true
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            let keys = a.storage.keys
            let values = a.storage.values
            for index in keys.indices {
                guard let value = b[keys[index]], values[index].celEquals(value) else { return false }
            }
            return true
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.type(let a), .type(let b)): return a.runtimeName == b.runtimeName
        case (.object(let a), .object(let b)): return objectsEqual(a, b, strict: false)
        default: return false
        }
    }
}

/// Orders two values of the same orderable kind (numbers across kinds); nil when not orderable.
func orderValues(_ a: CELValue, _ b: CELValue) -> Ordering? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y ? .less : (x == y ? .equal : .greater)
    case (.string(let x), .string(let y)): return ordering(compareStrings(x, y))
    case (.uint(let x), .uint(let y)): return x < y ? .less : (x == y ? .equal : .greater)
    case (.double(let x), .double(let y)):
        if x < y { return .less }
        if x > y { return .greater }
        return x == y ? .equal : .unordered
    case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int), (.double, .uint):
        return compareNumbers(a, b)
    case (.bool(let x), .bool(let y)): return x == y ? .equal : (!x ? .less : .greater)
    case (.bytes(let x), .bytes(let y)):
        return x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in ordering(compareBytes(px, py)) } }
    case (.timestamp(let x), .timestamp(let y)): return x < y ? .less : (x == y ? .equal : .greater)
    case (.duration(let x), .duration(let y)): return x < y ? .less : (x == y ? .equal : .greater)
    default: return nil
    }
}

private func ordering(_ comparison: Int) -> Ordering {
    comparison < 0 ? .less : (comparison == 0 ? .equal : .greater)
}

/// Exact comparison of two numeric values of possibly different kinds.
func compareNumbers(_ a: CELValue, _ b: CELValue) -> Ordering {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y ? .less : (x == y ? .equal : .greater)
    case (.uint(let x), .uint(let y)): return x < y ? .less : (x == y ? .equal : .greater)
    case (.double(let x), .double(let y)):
        if x < y { return .less }
        if x > y { return .greater }
        return x == y ? .equal : .unordered
    case (.int(let x), .uint(let y)):
        if x < 0 { return .less }
        let ux = UInt64(x)
        return ux < y ? .less : (ux == y ? .equal : .greater)
    case (.uint, .int): return invert(compareNumbers(b, a))
    case (.int(let x), .double(let y)): return compareIntDouble(x, y)
    case (.double, .int): return invert(compareNumbers(b, a))
    case (.uint(let x), .double(let y)): return compareUIntDouble(x, y)
    case (.double, .uint): return invert(compareNumbers(b, a))
    default: return .unordered
    }
}

private func invert(_ ordering: Ordering) -> Ordering {
    switch ordering {
    case .less: return .greater
    case .greater: return .less
    default: return ordering
    }
}

// Mixed int/double and uint/double comparisons follow the reference implementation: out-of-range doubles
// order beyond every integer, otherwise the integer is converted to double (so precision may be lost).

private func compareIntDouble(_ x: Int64, _ y: Double) -> Ordering {
    if y.isNaN { return .unordered }
    if y < -9.223372036854775808e18 { return .greater }
    if y > 9.223372036854775808e18 { return .less }
    return compareDoubles(Double(x), y)
}

private func compareUIntDouble(_ x: UInt64, _ y: Double) -> Ordering {
    if y.isNaN { return .unordered }
    if y < 0 { return .greater }
    if y > 1.8446744073709551616e19 { return .less }
    return compareDoubles(Double(x), y)
}

private func compareDoubles(_ x: Double, _ y: Double) -> Ordering {
    x < y ? .less : (x == y ? .equal : .greater)
}
