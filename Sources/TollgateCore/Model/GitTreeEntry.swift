/// One entry of a git tree, as `git ls-tree -r` lists it: mode, object type, object id and path.
public struct GitTreeEntry: Sendable, Hashable {
    /// `100644`, `100755`, `120000` (symbolic link), `160000` (submodule commit), …
    public var mode: String
    /// `blob`, `tree` or `commit`.
    public var type: String
    /// The object id (hex SHA-1; for a blob, comparable with a tarball member's git blob id).
    public var id: String
    /// The path from the tree's root.
    public var path: String

    /// Creates an entry.
    public init(mode: String, type: String, id: String, path: String) {
        self.mode = mode
        self.type = type
        self.id = id
        self.path = path
    }

    /// Parses a `git ls-tree -r` listing (`MODE TYPE ID<TAB>PATH` lines; paths git quoted C-style are unquoted).
    /// Lines that do not parse are returned by number in `rejected`.
    public static func parseListing(_ text: String) -> (entries: [GitTreeEntry], rejected: [Int]) {
        var entries: [GitTreeEntry] = []
        var rejected: [Int] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            guard let tab = line.firstIndex(of: "\t") else {
                rejected.append(number + 1)
                continue
            }
            let meta = line[..<tab].split(separator: " ")
            guard meta.count == 3 else {
                rejected.append(number + 1)
                continue
            }
            let rawPath = line[line.index(after: tab)...]
            guard let path = unquote(rawPath) else {
                rejected.append(number + 1)
                continue
            }
            entries.append(
                GitTreeEntry(mode: String(meta[0]), type: String(meta[1]), id: String(meta[2]).lowercased(), path: path)
            )
        }
        return (entries, rejected)
    }

    /// A path as git prints it: bare, or in double quotes with C escapes (`\t`, `\n`, `\"`, `\\`, octal bytes).
    static func unquote(_ raw: Substring) -> String? {
        guard raw.first == "\"" else { return String(raw) }
        guard raw.count >= 2, raw.last == "\"" else { return nil }
        var bytes: [UInt8] = []
        let inner = Array(raw.utf8.dropFirst().dropLast())
        var i = 0
        while i < inner.count {
            let c = inner[i]
            guard c == UInt8(ascii: "\\") else {
                bytes.append(c)
                i += 1
                continue
            }
            guard i + 1 < inner.count else { return nil }
            let e = inner[i + 1]
            switch e {
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "a"): bytes.append(0x07)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "v"): bytes.append(0x0B)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(e)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard i + 3 < inner.count else { return nil }
                let digits = inner[(i + 1)...(i + 3)]
                guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) else { return nil }
                bytes.append(digits.reduce(0) { $0 &* 8 &+ ($1 - UInt8(ascii: "0")) })
                i += 4
                continue
            default: return nil
            }
            i += 2
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
