extension Parser {
    /// Parses a bracket expression `[...]` or `[^...]` starting at `[`.
    ///
    /// A `]` right after the opening `[` or `[^` is literal, as is a `-` that cannot form a range.
    /// Items may be single code points, ranges `a-z`, escapes, Perl classes (`\d`), Unicode classes
    /// (`\pL`) and POSIX classes (`[:alpha:]`, `[:^alpha:]`). Under `(?i)` every item is case-folded,
    /// and negation (of an item or of the whole class) is applied after folding.
    mutating func parseBracketClass() throws -> Node {
        let start = position
        position += 1
        var negated = false
        if peek() == "^" {
            negated = true
            position += 1
        }
        var ranges: [ScalarRange] = []
        var first = true
        while true {
            guard let scalar = peek() else {
                throw LinearRegexError(.missingBracket, text(start..<scalars.count), at: start)
            }
            if scalar == "]" && !first {
                break
            }
            first = false
            if scalar == "[" && peek(1) == ":", let posix = try parsePosixClass() {
                ranges += posix.ranges
                continue
            }
            if scalar == "\\", let letter = peek(1), "dDsSwWpP".unicodeScalars.contains(letter) {
                ranges += try parseClassEscape().ranges
                continue
            }
            let rangeStart = position
            let low = try parseClassScalar()
            var high = low
            if peek() == "-", let after = peek(1), after != "]" {
                position += 1
                high = try parseClassScalar()
                if high < low {
                    throw LinearRegexError(.invalidCharRange, text(rangeStart..<position), at: rangeStart)
                }
            }
            var item = CharClass([ScalarRange(low, high)])
            if flags.caseInsensitive {
                item = item.caseFolded()
            }
            ranges += item.ranges
        }
        position += 1
        var set = CharClass(ranges)
        if negated {
            set = set.inverted()
        }
        return Node.fromClass(set)
    }

    /// Reads one code point inside a class: an escape or a plain scalar.
    mutating func parseClassScalar() throws -> UInt32 {
        if scalars[position] == "\\" {
            let letter = peek(1)
            if let letter, "AzbBQCE".unicodeScalars.contains(letter) {
                throw LinearRegexError(
                    .invalidEscape, text(position..<position + 2), at: position,
                    note: "not allowed inside a character class")
            }
            return try parseScalarEscape()
        }
        let value = scalars[position].value
        position += 1
        return value
    }

    /// Parses `[:name:]` or `[:^name:]` at `[:` when a closing `:]` follows; returns `nil` (consuming
    /// nothing) otherwise, in which case the `[` is an ordinary member of the class.
    mutating func parsePosixClass() throws -> CharClass? {
        let start = position
        var close = position + 2
        while close + 1 < scalars.count && !(scalars[close] == ":" && scalars[close + 1] == "]") {
            close += 1
        }
        guard close + 1 < scalars.count else { return nil }
        var name = text(start + 2..<close)
        position = close + 2
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard var set = UnicodeTables.posixClass(name) else {
            throw LinearRegexError(
                .invalidCharClass, text(start..<position), at: start,
                note: "unknown POSIX class name")
        }
        if flags.caseInsensitive {
            set = set.caseFolded()
        }
        return negated ? set.inverted() : set
    }
}
