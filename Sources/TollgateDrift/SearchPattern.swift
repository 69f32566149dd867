import LinearRegex

/// A grep pattern from a build script, compiled to match lines the way grep would (linear time, whatever the
/// pattern).
struct SearchPattern {
    let source: String
    let regex: LinearRegex

    /// `pattern` as grep reads it with `flags` (`F` fixed string, `E` extended, `P` Perl, else basic; `i`, `w`,
    /// `x`). Nil when it does not compile, or would match almost anything (shorter than 3 characters of literal).
    init?(pattern: String, flags: Set<Character>) {
        let literal = pattern.filter { $0.isLetter || $0.isNumber || "#@%!~-_".contains($0) }
        guard literal.count >= 3 else { return nil }
        var body: String
        if flags.contains("F") {
            body = SearchPattern.escape(pattern)
        } else if flags.contains("E") || flags.contains("P") {
            body = pattern
        } else {
            body = SearchPattern.basicToExtended(pattern)
        }
        if flags.contains("w") { body = "\\b(?:\(body))\\b" }
        if flags.contains("x") { body = "^(?:\(body))$" }
        if flags.contains("i") { body = "(?i)" + body }
        guard let regex = try? LinearRegex(body, maxProgramSize: 20_000) else { return nil }
        source = pattern
        self.regex = regex
    }

    /// Whether any line of `bytes` (decoded leniently as UTF-8) matches.
    func matchesLine(in bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if regex.matches(String(decoding: line, as: UTF8.self)) { return true }
        }
        return false
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\.+*?()|[]{}^$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// POSIX basic syntax to extended: `\(`, `\{`, `\|`, `\+`, `\?` become operators, their bare forms literals.
    static func basicToExtended(_ text: String) -> String {
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if c == "\\", let next = chars.first {
                chars.removeFirst()
                if "(){}|+?".contains(next) {
                    out.append(next)
                } else {
                    out.append("\\")
                    out.append(next)
                }
            } else if "(){}|+?".contains(c) {
                out.append("\\")
                out.append(c)
            } else {
                out.append(c)
            }
        }
        return out
    }
}
