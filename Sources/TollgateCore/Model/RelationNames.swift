/// The package names of a Debian relationship field (`foo (>= 1) [amd64] <!nocheck> | bar:any, baz`), without
/// parsing versions, architectures or profiles: what the history keeps of build dependencies, fast enough for a whole
/// archive. (The fact document's relations come from libapt-pkg's parser; a test holds the two in agreement.)
public enum RelationNames {
    /// The names in order of appearance, each once.
    public static func scan(_ value: String) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        forEach(in: value) { if seen.insert($0).inserted { names.append($0) } }
        return names
    }

    /// Adds the names of `value` to `names`.
    public static func collect(_ value: String, into names: inout Set<String>) {
        forEach(in: value) { names.insert($0) }
    }

    /// Calls `body` with each name, in order of appearance (repeats included).
    static func forEach(in value: String, _ body: (String) -> Void) {
        var value = value
        value.withUTF8 { bytes in
            var start = -1  // where the name being read begins, or -1
            var inName = true  // a name may still begin (at the start of an alternative)
            // Inside a version `( )`, an architecture list `[ ]` or a profile `< >`: the byte that closes it (a
            // version holds `<<` and `>=`, so only its own closer counts).
            var closer: UInt8 = 0
            func finish(_ end: Int) {
                // The name, with its architecture qualifier (`:any`, `:native`) as libapt-pkg keeps it.
                if start >= 0 {
                    body(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
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
}
