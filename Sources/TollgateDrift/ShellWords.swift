/// Just enough of the shell's word syntax to read a command's arguments out of a build-system line: quotes,
/// backslash escapes, and the characters that end a simple command.
enum ShellWords {
    /// A word as the command would receive it, and whether it was quoted or holds an expansion.
    struct Word: Equatable {
        var text: String
        var quoted: Bool
        var expands: Bool
    }

    /// Reads up to `limit` words from `text`, stopping at an unquoted `|`, `;`, `&`, `)`, a backquote or the end.
    static func read(_ text: Substring, limit: Int = 16) -> [Word] {
        var words: [Word] = []
        var chars = Array(text)
        var i = 0
        // m4 quotes a shell backquote as `[`]`: nothing to do, brackets are ordinary characters here.
        func atEnd() -> Bool { i >= chars.count }
        while words.count < limit {
            while !atEnd(), chars[i] == " " || chars[i] == "\t" { i += 1 }
            if atEnd() || "|;&)`".contains(chars[i]) { break }
            var word = ""
            var quoted = false
            var expands = false
            wordLoop: while !atEnd() {
                let c = chars[i]
                switch c {
                case " ", "\t", "|", ";", "&", ")", "`":
                    break wordLoop
                case "'":
                    quoted = true
                    i += 1
                    while !atEnd(), chars[i] != "'" {
                        word.append(chars[i])
                        i += 1
                    }
                    i += 1
                case "\"":
                    quoted = true
                    i += 1
                    while !atEnd(), chars[i] != "\"" {
                        if chars[i] == "\\", i + 1 < chars.count, "\"\\$`".contains(chars[i + 1]) {
                            word.append(chars[i + 1])
                            i += 2
                            continue
                        }
                        if chars[i] == "$", i + 1 < chars.count, startsExpansion(chars[i + 1]) { expands = true }
                        word.append(chars[i])
                        i += 1
                    }
                    i += 1
                case "\\":
                    if i + 1 < chars.count {
                        // An escaped quote inside an outer single-quoted string stays a quote character.
                        if chars[i + 1] == "\"" || chars[i + 1] == "'" {
                            let quote = chars[i + 1]
                            quoted = true
                            i += 2
                            while !atEnd() {
                                if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == quote {
                                    i += 2
                                    break
                                }
                                word.append(chars[i])
                                i += 1
                            }
                            continue
                        }
                        word.append(chars[i + 1])
                        i += 2
                    } else {
                        i += 1
                    }
                case "$":
                    if i + 1 < chars.count, startsExpansion(chars[i + 1]) { expands = true }
                    word.append(c)
                    i += 1
                default:
                    word.append(c)
                    i += 1
                }
            }
            words.append(Word(text: word, quoted: quoted, expands: expands))
        }
        chars.removeAll()
        return words
    }

    /// `name=` after optional blanks, checked on bytes before any string work.
    static func looksLikeAssignment<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var sawName = false
        for b in bytes {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                if sawName { return false }
            case UInt8(ascii: "="): return sawName
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawName = true
            default: return false
            }
        }
        return false
    }

    /// Whether `$` followed by this character expands something (a name, a positional, `${`, `$(`).
    static func startsExpansion(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "{" || c == "(" || c == "@" || c == "*" || c == "#" || c == "?"
    }

    /// Simple shell variable assignments of a file: `name='value'`, `name="value"`, `name=value`.
    static func assignments(in lines: [Substring]) -> [String: String] {
        var out: [String: String] = [:]
        for line in lines where looksLikeAssignment(line.utf8) {
            var rest = line.drop { $0 == " " || $0 == "\t" }
            guard let eq = rest.firstIndex(of: "=") else { continue }
            let name = rest[..<eq]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                name.first.map({ !$0.isNumber }) ?? false
            else { continue }
            rest = rest[rest.index(after: eq)...]
            if let value = read(rest, limit: 1).first, !value.expands { out[String(name)] = value.text }
        }
        return out
    }
}
