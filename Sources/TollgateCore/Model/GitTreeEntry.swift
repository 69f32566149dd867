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

    /// Parses a `git ls-tree -r` listing: `MODE TYPE ID<TAB>PATH` lines (CR LF ends read as LF; paths git quoted
    /// C-style are unquoted), or the NUL-terminated records of `git ls-tree -r -z` (paths as they are). Lines that do
    /// not parse are returned by number in `rejected`, with the reason: a malformed line, an object id that is not
    /// a SHA-1 (a SHA-256 repository's ids cannot be compared with a tarball's blob ids), a tree entry (a listing
    /// made without `-r`); and a listing of no file at all (a failed `git ls-tree` leaves an empty file).
    public static func parseListing(
        _ text: String
    ) -> (entries: [GitTreeEntry], rejected: [(line: Int, reason: String)]) {
        var entries: [GitTreeEntry] = []
        var rejected: [(line: Int, reason: String)] = []
        let nulTerminated = text.contains("\u{0}")
        // "\r\n" is one Character to Swift: a line ends at either.
        let records = text.split(
            omittingEmptySubsequences: false,
            whereSeparator: { nulTerminated ? $0 == "\u{0}" : $0 == "\n" || $0 == "\r\n" })
        for (number, line) in records.enumerated() {
            if line.isEmpty { continue }
            func reject(_ reason: String) { rejected.append((number + 1, reason)) }
            guard let tab = line.firstIndex(of: "\t") else {
                reject("not a `git ls-tree -r` line (MODE TYPE ID<TAB>PATH)")
                continue
            }
            let meta = line[..<tab].split(separator: " ")
            if meta.count == 4, meta[3].allSatisfy({ $0.isNumber || $0 == "-" }) {
                reject("a `git ls-tree -l` line (with sizes): list with `git ls-tree -r`, without `-l`")
                continue
            }
            guard meta.count == 3, meta[0].count == 6, meta[0].allSatisfy({ ("0"..."7").contains($0) }) else {
                reject("not a `git ls-tree -r` line (MODE TYPE ID<TAB>PATH)")
                continue
            }
            let id = meta[2].lowercased()
            guard id.allSatisfy(\.isHexDigit), id.count == 40 || id.count == 64 else {
                reject("'\(meta[2])' is not a git object id")
                continue
            }
            guard id.count == 40 else {
                reject("a SHA-256 object id: only a SHA-1 repository's blob ids compare with a tarball's")
                continue
            }
            switch meta[1] {
            case "blob", "commit": break
            case "tree":
                reject("a tree entry: list the tree with `git ls-tree -r`, which lists the files in it")
                continue
            default:
                reject("'\(meta[1])' is not a blob, tree or commit")
                continue
            }
            let rawPath = line[line.index(after: tab)...]
            guard let path = nulTerminated ? String(rawPath) : unquote(rawPath) else {
                reject("a quoted path that does not end or has a bad escape")
                continue
            }
            entries.append(GitTreeEntry(mode: String(meta[0]), type: String(meta[1]), id: id, path: path))
        }
        if entries.isEmpty && rejected.isEmpty { rejected.append((1, "the listing lists no file")) }
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
