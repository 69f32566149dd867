/// Where the parts of a YAML scalar's value stand in its file, so that an error at a byte of the value (a CEL
/// diagnostic inside a condition) is reported at its line and column, whatever the scalar's style did to the text:
/// plain and quoted scalars fold their line breaks into spaces and drop indentation, block scalars drop their
/// indentation, quoted ones turn escapes (`\n`, `''`) into single characters.
///
/// Made by walking the value and the source side by side: equal characters are matched; indentation, folded line
/// breaks and escape sequences are passed over on the side that has them. Nil when the two cannot be aligned (the
/// caller then falls back to the scalar's own position).
struct ScalarSourceMap: Sendable {
    /// Runs of the value standing on one line: the value's bytes from `offset` on stand at `column` (code points,
    /// 1-based) of `line` and after, up to the next run.
    struct Run: Sendable {
        let offset: Int
        let line: Int
        let column: Int
    }

    let runs: [Run]
    /// The value's bytes, to count code points from a run's start.
    private let value: [UInt8]

    /// The style of the scalar, as far as the walk cares.
    enum Style: Sendable { case plain, singleQuoted, doubleQuoted, block }

    /// Aligns `value` with the file's `lines` from `line`:`column` (1-based; the first character of the content,
    /// past an opening quote).
    init?(value: String, style: Style, lines: [Substring], line: Int, column: Int) {
        let target = Array(value.unicodeScalars)
        var runs: [Run] = []
        var lineIndex = line - 1
        var source: [Unicode.Scalar] = []
        var sourceColumn = column - 1
        var offset = 0
        var index = 0
        var runOpen = false
        func load() -> Bool {
            guard lineIndex < lines.count else { return false }
            source = Array(lines[lineIndex].unicodeScalars)
            if source.last == "\r" { source.removeLast() }
            return true
        }
        guard load() else { return nil }
        while index < target.count {
            let wanted = target[index]
            guard sourceColumn < source.count else {
                // A line break: folded into the value as a space or kept as a newline; or, in a quoted scalar, an
                // escaped one that leaves nothing.
                if wanted == " " || wanted == "\n" {
                    offset += wanted.utf8.count
                    index += 1
                }
                lineIndex += 1
                sourceColumn = 0
                runOpen = false
                guard load() else { return nil }
                continue
            }
            let have = source[sourceColumn]
            if style == .doubleQuoted, have == "\\" {
                runOpen = false
                let length = Self.escapeLength(source, at: sourceColumn)
                sourceColumn += length
                // `\` at the end of a line joins the next one without a space.
                if sourceColumn < source.count || length != 1 {
                    offset += wanted.utf8.count
                    index += 1
                }
                continue
            }
            if have == wanted {
                if !runOpen {
                    runs.append(Run(offset: offset, line: lineIndex + 1, column: sourceColumn + 1))
                    runOpen = true
                }
                offset += wanted.utf8.count
                index += 1
                sourceColumn += 1
                if style == .singleQuoted, have == "'", sourceColumn < source.count, source[sourceColumn] == "'" {
                    sourceColumn += 1
                    runOpen = false
                }
                continue
            }
            runOpen = false
            if have == " " || have == "\t" {
                sourceColumn += 1
                continue
            }
            if wanted == " " || wanted == "\n" {
                offset += wanted.utf8.count
                index += 1
                continue
            }
            return nil
        }
        self.runs = runs
        self.value = Array(value.utf8)
    }

    /// How many source characters the escape sequence at `at` (a backslash) takes.
    private static func escapeLength(_ source: [Unicode.Scalar], at: Int) -> Int {
        guard at + 1 < source.count else { return 1 }
        switch source[at + 1] {
        case "x": return 4
        case "u": return 6
        case "U": return 10
        default: return 2
        }
    }

    /// The line and column of the value's byte `offset`; nil when it is past the value.
    func position(ofOffset offset: Int) -> (line: Int, column: Int)? {
        guard offset >= 0, offset <= value.count, let run = runs.last(where: { $0.offset <= offset }) else {
            return nil
        }
        // Code points from the run's start to the offset: bytes that do not continue a UTF-8 sequence.
        let points = value[run.offset..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return (run.line, run.column + points)
    }
}
