/// Simple case folding orbits derived from the standard library's Unicode case mappings.
///
/// Two code points are equivalent when one is the single-scalar lowercase, uppercase or titlecase
/// mapping of the other (transitively). This reproduces the equivalence classes of the C and S
/// entries of Unicode's CaseFolding.txt, which is what RE2 uses for `(?i)`: `k`, `K` and the
/// Kelvin sign U+212A form one orbit; `s`, `S` and long s U+017F another. Mappings that expand to
/// several scalars (`ß` → `SS`, `İ` → `i̇`) are full foldings and are ignored, as RE2 does. The
/// Turkic dotless `ı` (U+0131) has no simple folding and is kept out of the `i` orbit.
enum CaseFolding {
    /// Code points above this bound have no case mappings in any Unicode version so far.
    private static let scanLimit: UInt32 = 0x1FFFF

    /// Code points whose uppercase mapping is excluded because CaseFolding.txt has no entry for them.
    private static let excluded: Set<UInt32> = [0x131]

    /// Sorted code points that belong to an orbit of two or more members.
    private static let keys: [UInt32] = table.keys

    /// For each entry of `keys`, the index of its orbit in `orbits`.
    private static let orbitIndex: [Int] = table.orbitIndex

    /// Orbits, each a sorted list of mutually equivalent code points.
    private static let orbits: [[UInt32]] = table.orbits

    private static let table: (keys: [UInt32], orbitIndex: [Int], orbits: [[UInt32]]) = build()

    /// All code points case-equivalent to `scalar`, including itself, in ascending order.
    static func orbit(of scalar: UInt32) -> [UInt32] {
        let position = lowerBound(scalar)
        if position < keys.count && keys[position] == scalar {
            return orbits[orbitIndex[position]]
        }
        return [scalar]
    }

    /// Calls `body` for every case variant (other than the member itself) of every member of `range`.
    static func forEachVariant(in range: ClosedRange<UInt32>, _ body: (UInt32) -> Void) {
        var position = lowerBound(range.lowerBound)
        while position < keys.count && keys[position] <= range.upperBound {
            let member = keys[position]
            for variant in orbits[orbitIndex[position]] where variant != member {
                body(variant)
            }
            position += 1
        }
    }

    /// Index of the first key that is not less than `scalar`.
    private static func lowerBound(_ scalar: UInt32) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < scalar {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low
    }

    /// Scans the case mappings once and groups code points into orbits with a union-find.
    private static func build() -> (keys: [UInt32], orbitIndex: [Int], orbits: [[UInt32]]) {
        var parent: [UInt32: UInt32] = [:]

        func root(_ scalar: UInt32) -> UInt32 {
            var current = scalar
            while let next = parent[current], next != current {
                current = next
            }
            return current
        }

        func join(_ first: UInt32, _ second: UInt32) {
            if parent[first] == nil { parent[first] = first }
            if parent[second] == nil { parent[second] = second }
            let firstRoot = root(first)
            let secondRoot = root(second)
            if firstRoot != secondRoot {
                parent[firstRoot] = secondRoot
            }
        }

        for value in 0...scanLimit where !excluded.contains(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let properties = scalar.properties
            guard properties.changesWhenCaseMapped else { continue }
            for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
                let mapped = mapping.unicodeScalars
                if mapped.count == 1, let target = mapped.first?.value, target != value,
                    !excluded.contains(target)
                {
                    join(value, target)
                }
            }
        }

        var groups: [UInt32: [UInt32]] = [:]
        for member in parent.keys {
            groups[root(member), default: []].append(member)
        }
        var orbits: [[UInt32]] = []
        var entries: [(key: UInt32, orbit: Int)] = []
        for members in groups.values where members.count > 1 {
            let sorted = members.sorted()
            for member in sorted {
                entries.append((member, orbits.count))
            }
            orbits.append(sorted)
        }
        entries.sort { $0.key < $1.key }
        return (entries.map(\.key), entries.map(\.orbit), orbits)
    }
}
