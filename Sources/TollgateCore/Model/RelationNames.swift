/// The package names of a Debian relationship field (`foo (>= 1) [amd64] <!nocheck> | bar:any, baz`), without
/// parsing versions, architectures or profiles: what the history keeps of build dependencies, fast enough for a whole
/// archive. (The fact document's relations come from libapt-pkg's parser; a test holds the two in agreement.)
public enum RelationNames {
    /// The relationship fields a Debian source package builds with (and against), with the fact `type` each maps to.
    public static let buildFields: [(field: String, type: String)] = [
        ("Build-Depends", "build_depends"), ("Build-Depends-Indep", "build_depends_indep"),
        ("Build-Depends-Arch", "build_depends_arch"), ("Build-Conflicts", "build_conflicts"),
        ("Build-Conflicts-Indep", "build_conflicts_indep"), ("Build-Conflicts-Arch", "build_conflicts_arch"),
    ]

    /// The names in order of appearance, each once.
    public static func scan(_ value: String) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        forEach(in: value) { if seen.insert($0).inserted { names.append($0) } }
        return names
    }

    /// The names of every value, sorted by their bytes, each once, one per line: what a whole archive's ingest
    /// records, built without a string or a hash per name.
    public static func sortedLines(_ values: [String]) -> String {
        var lines = SortedLines()
        for var value in values { value.withUTF8 { lines.add($0) } }
        return lines.text
    }

    /// Collects the names of several relationship fields given as bytes (read in place from a control record),
    /// then gives them sorted by their bytes, each once, one per line.
    public struct SortedLines {
        private var arena: [UInt8] = []
        private var names: [Range<Int>] = []

        public init() {}

        /// Adds the names of one field's value.
        public mutating func add(_ value: UnsafeBufferPointer<UInt8>) {
            RelationNames.forEachRange(in: value) { bytes in
                let start = arena.count
                arena.append(contentsOf: bytes)
                names.append(start..<arena.count)
            }
        }

        /// The names added, sorted, once each, one per line.
        public var text: String {
            guard !names.isEmpty else { return "" }
            return arena.withUnsafeBufferPointer { arena in
                func order(_ a: Range<Int>, _ b: Range<Int>) -> Int {
                    for i in 0..<min(a.count, b.count) where arena[a.lowerBound + i] != arena[b.lowerBound + i] {
                        return Int(arena[a.lowerBound + i]) - Int(arena[b.lowerBound + i])
                    }
                    return a.count - b.count
                }
                var names = names
                names.sort { order($0, $1) < 0 }
                var previous: Range<Int>?
                return String(unsafeUninitializedCapacity: arena.count + names.count) { out in
                    var length = 0
                    for name in names {
                        if let previous, order(previous, name) == 0 { continue }
                        if previous != nil {
                            out[length] = UInt8(ascii: "\n")
                            length += 1
                        }
                        for i in name {
                            out[length] = arena[i]
                            length += 1
                        }
                        previous = name
                    }
                    return length
                }
            }
        }
    }

    /// Calls `body` with each name, in order of appearance (repeats included).
    static func forEach(in value: String, _ body: (String) -> Void) {
        forEachRange(in: value) { body(String(decoding: $0, as: UTF8.self)) }
    }

    /// Calls `body` with the bytes of each name, in order of appearance (repeats included).
    static func forEachRange(in value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var value = value
        value.withUTF8 { forEachRange(in: $0, body) }
    }

    /// Calls `body` with the bytes of each name of a value given as bytes, in order of appearance.
    static func forEachRange(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = -1  // where the name being read begins, or -1
        var inName = true  // a name may still begin (at the start of an alternative)
        // Inside a version `( )`, an architecture list `[ ]` or a profile `< >`: the byte that closes it (a
        // version holds `<<` and `>=`, so only its own closer counts).
        var closer: UInt8 = 0
        func finish(_ end: Int) {
            // The name, with its architecture qualifier (`:any`, `:native`) as libapt-pkg keeps it.
            if start >= 0 {
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
            start = -1
        }
        for index in bytes.indices {
            let byte = bytes[index]
            if closer != 0 {
                if byte == closer { closer = 0 }
                continue
            }
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "<"):
                finish(index)
                inName = false
                closer =
                    byte == UInt8(ascii: "(")
                    ? UInt8(ascii: ")") : byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ">")
            case UInt8(ascii: ","), UInt8(ascii: "|"):
                finish(index)
                inName = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if start >= 0 {
                    finish(index)
                    inName = false
                }
            default:
                if inName, start < 0 { start = index }
            }
        }
        finish(bytes.count)
    }
}
