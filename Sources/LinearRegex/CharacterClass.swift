/// An inclusive range of Unicode code points.
struct ScalarRange: Hashable, Sendable {
    var lo: UInt32
    var hi: UInt32

    init(_ lo: UInt32, _ hi: UInt32) {
        self.lo = lo
        self.hi = hi
    }
}

/// A set of Unicode code points stored as sorted, disjoint, non-adjacent ranges.
///
/// Code points are `UInt32` so that surrogates (which never occur in Swift strings) can be
/// represented in ranges without special cases.
struct CharClass: Hashable, Sendable {
    /// The largest Unicode code point.
    static let maxScalar: UInt32 = 0x10FFFF

    /// Sorted, disjoint, non-adjacent ranges.
    private(set) var ranges: [ScalarRange]

    /// The empty set.
    init() {
        ranges = []
    }

    /// A set built from arbitrary (possibly overlapping, unsorted) ranges.
    init(_ input: [ScalarRange]) {
        ranges = CharClass.normalize(input)
    }

    /// A set built from a flat list of inclusive bounds: `[lo0, hi0, lo1, hi1, ...]`.
    init(pairs: [UInt32]) {
        var input: [ScalarRange] = []
        input.reserveCapacity(pairs.count / 2)
        var index = 0
        while index + 1 < pairs.count {
            input.append(ScalarRange(pairs[index], pairs[index + 1]))
            index += 2
        }
        self.init(input)
    }

    /// The set of every code point.
    static var all: CharClass {
        CharClass([ScalarRange(0, maxScalar)])
    }

    /// True when the set contains no code point.
    var isEmpty: Bool { ranges.isEmpty }

    /// True when the set contains every code point.
    var isFull: Bool {
        ranges.count == 1 && ranges[0].lo == 0 && ranges[0].hi == CharClass.maxScalar
    }

    /// The only member when the set has exactly one code point.
    var singleScalar: UInt32? {
        ranges.count == 1 && ranges[0].lo == ranges[0].hi ? ranges[0].lo : nil
    }

    /// Whether `scalar` is in the set (binary search).
    func contains(_ scalar: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            let range = ranges[mid]
            if scalar < range.lo {
                high = mid
            } else if scalar > range.hi {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// The complement of this set within `0...0x10FFFF`.
    func inverted() -> CharClass {
        var result: [ScalarRange] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lo > next {
                result.append(ScalarRange(next, range.lo - 1))
            }
            next = range.hi + 1
        }
        if next <= CharClass.maxScalar {
            result.append(ScalarRange(next, CharClass.maxScalar))
        }
        var inverted = CharClass()
        inverted.ranges = result
        return inverted
    }

    /// The set closed under simple case folding: every member's case variants are added.
    func caseFolded() -> CharClass {
        var extra: [ScalarRange] = []
        for range in ranges {
            CaseFolding.forEachVariant(in: range.lo...range.hi) { variant in
                extra.append(ScalarRange(variant, variant))
            }
        }
        if extra.isEmpty { return self }
        return CharClass(ranges + extra)
    }

    /// Sorts and merges overlapping or adjacent ranges; clamps to the Unicode maximum.
    private static func normalize(_ input: [ScalarRange]) -> [ScalarRange] {
        var sorted = input.filter { $0.lo <= $0.hi && $0.lo <= maxScalar }
        sorted.sort { $0.lo < $1.lo }
        var merged: [ScalarRange] = []
        merged.reserveCapacity(sorted.count)
        for var range in sorted {
            range.hi = min(range.hi, maxScalar)
            if let last = merged.last, range.lo <= last.hi &+ 1 {
                if range.hi > last.hi {
                    merged[merged.count - 1].hi = range.hi
                }
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

/// A character class prepared for fast membership tests in the matcher: an ASCII bitmap plus
/// the non-ASCII ranges searched by binary search.
struct CompiledClass: Sendable {
    private let asciiLow: UInt64
    private let asciiHigh: UInt64
    private let wide: [ScalarRange]

    init(_ set: CharClass) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var wide: [ScalarRange] = []
        for range in set.ranges {
            if range.lo < 128 {
                for scalar in range.lo...min(range.hi, 127) {
                    if scalar < 64 {
                        low |= 1 << UInt64(scalar)
                    } else {
                        high |= 1 << UInt64(scalar - 64)
                    }
                }
            }
            if range.hi >= 128 {
                wide.append(ScalarRange(max(range.lo, 128), range.hi))
            }
        }
        self.asciiLow = low
        self.asciiHigh = high
        self.wide = wide
    }

    /// Whether `scalar` belongs to the class.
    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        if scalar < 64 {
            return asciiLow & (1 << UInt64(scalar)) != 0
        }
        if scalar < 128 {
            return asciiHigh & (1 << UInt64(scalar - 64)) != 0
        }
        var low = 0
        var high = wide.count
        while low < high {
            let mid = (low + high) / 2
            let range = wide[mid]
            if scalar < range.lo {
                high = mid
            } else if scalar > range.hi {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
