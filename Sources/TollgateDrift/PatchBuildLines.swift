/// The lines a patch adds to build-system files (`debian/patches/*`, a source RPM's `Patch:` files, a 1.0 diff),
/// laid out as the patch's own lines: what the build runs once the patch is applied, searched like a build file,
/// with line numbers that point into the patch.
public enum PatchBuildLines {
    /// The patch with every line blanked but those a hunk adds to a build-system file (their leading `+` taken
    /// off); nil when it adds nothing to one. Hunks are followed by the line counts of their `@@` headers, so that
    /// an added line reading `++ x` is never taken for a file header.
    public static func extract(_ bytes: [UInt8], strip: Int = 1) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var target: String?
        var oldTarget: String?
        var build = false
        var old = 0
        var new = 0
        var added = false
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            defer { out.append(UInt8(ascii: "\n")) }
            if old > 0 || new > 0 {
                switch raw.first {
                case UInt8(ascii: "+"):
                    new -= 1
                    if build {
                        out += raw.dropFirst()
                        added = true
                    }
                case UInt8(ascii: "-"): old -= 1
                case UInt8(ascii: "\\"): break
                default:
                    // A context line (an empty one is a context line whose space was lost).
                    old -= 1
                    new -= 1
                }
                continue
            }
            if raw.starts(with: "--- ".utf8) {
                oldTarget = targetPath(raw.dropFirst(4), strip: strip)
            } else if raw.starts(with: "+++ ".utf8) {
                target = targetPath(raw.dropFirst(4), strip: strip)
                // patch applies a hunk to the old name when the new one does not exist: either name counts.
                build = [target, oldTarget].contains { $0.map(FileCategory.isBuildSystem(path:)) ?? false }
            } else if raw.starts(with: "@@ ".utf8), target != nil || oldTarget != nil, let counts = hunkCounts(raw) {
                (old, new) = counts
            }
        }
        out.removeLast()
        return added ? out : nil
    }

    /// The old and new line counts of `@@ -a,b +c,d @@` (a count left out is 1).
    static func hunkCounts(_ line: ArraySlice<UInt8>) -> (Int, Int)? {
        let words = line.split(separator: UInt8(ascii: " "))
        guard words.count >= 3 else { return nil }
        func count(_ word: ArraySlice<UInt8>, _ sign: UInt8) -> Int? {
            guard word.first == sign else { return nil }
            let parts = word.dropFirst().split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard let start = parts.first, Int(String(decoding: start, as: UTF8.self)) != nil else { return nil }
            return parts.count > 1 ? Int(String(decoding: parts[1], as: UTF8.self)) : 1
        }
        guard let old = count(words[1], UInt8(ascii: "-")), let new = count(words[2], UInt8(ascii: "+")) else {
            return nil
        }
        return (old, new)
    }

    /// The path a `+++` line names, without its first `strip` directories (`b/`, `pkg-1.0/`) and any timestamp
    /// after a tab.
    static func targetPath(_ text: ArraySlice<UInt8>, strip: Int = 1) -> String? {
        var name = text.prefix { $0 != UInt8(ascii: "\t") }
        while let last = name.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\r") { name = name.dropLast() }
        let path = String(decoding: name, as: UTF8.self)
        guard path != "/dev/null", !path.isEmpty else { return nil }
        let components = path.split(separator: "/")
        return components.count > strip ? components.dropFirst(strip).joined(separator: "/") : path
    }
}
