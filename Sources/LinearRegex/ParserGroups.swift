extension Parser {
    /// Parses what follows a `(`: a capturing group, a named group `(?P<name>` / `(?<name>`, a
    /// non-capturing group `(?:` / `(?flags:`, or a flag setting `(?flags)` that lasts until the end
    /// of the enclosing group. Lookarounds, backreferences, atomic groups and comments are rejected.
    mutating func openGroup() throws {
        let start = position
        guard peek(1) == "?" else {
            position += 1
            let index = captureNames.count
            captureNames.append(nil)
            try pushFrame(.capture(index), openOffset: start, savedFlags: flags)
            return
        }
        if peek(2) == "P" && peek(3) == "<" {
            try openNamedGroup(nameStart: start + 4)
            return
        }
        if peek(2) == "<" && peek(3) != "=" && peek(3) != "!" {
            try openNamedGroup(nameStart: start + 3)
            return
        }
        try parseFlagGroup()
    }

    /// Opens a named capturing group whose name starts at `nameStart` and ends at the next `>`.
    mutating func openNamedGroup(nameStart: Int) throws {
        let start = position
        guard let close = scalars[nameStart...].firstIndex(of: ">") else {
            throw LinearRegexError(
                .invalidNamedCapture, text(start..<scalars.count), at: start,
                note: "missing >")
        }
        let name = text(nameStart..<close)
        let fragment = text(start..<close + 1)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(Parser.isNameScalar) else {
            throw LinearRegexError(
                .invalidNamedCapture, fragment, at: start,
                note: "names must be non-empty word characters")
        }
        guard !usedNames.contains(name) else {
            throw LinearRegexError(.invalidNamedCapture, fragment, at: start, note: "duplicate name")
        }
        usedNames.insert(name)
        position = close + 1
        let index = captureNames.count
        captureNames.append(name)
        try pushFrame(.capture(index), openOffset: start, savedFlags: flags)
    }

    /// Whether a scalar may appear in a group name: a letter, mark, decimal digit or connector
    /// punctuation such as `_` (RE2 accepts Unicode word characters).
    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Parses `(?flags)` or `(?flags:` where flags are `i m s U`, optionally negated after one `-`.
    mutating func parseFlagGroup() throws {
        let start = position
        position += 2
        var newFlags = flags
        var negated = false
        var sawFlag = false
        while let scalar = peek() {
            position += 1
            switch scalar {
            case "i", "m", "s", "U":
                let enable = !negated
                switch scalar {
                case "i": newFlags.caseInsensitive = enable
                case "m": newFlags.multiLine = enable
                case "s": newFlags.dotAll = enable
                default: newFlags.ungreedy = enable
                }
                sawFlag = true
            case "-":
                guard !negated else { throw unsupportedGroup(start) }
                negated = true
                sawFlag = false
            case ":", ")":
                guard !negated || sawFlag else { throw unsupportedGroup(start) }
                if scalar == ":" {
                    try pushFrame(.nonCapture, openOffset: start, savedFlags: flags)
                }
                flags = newFlags
                return
            default:
                throw unsupportedGroup(start)
            }
        }
        throw LinearRegexError(.missingParen, text(start..<scalars.count), at: start)
    }

    /// The error for an unsupported `(?` construct, naming the common Perl features RE2 omits.
    func unsupportedGroup(_ start: Int) -> LinearRegexError {
        var end = position
        let note: String?
        switch scalars[start + 2] {
        case "=", "!":
            note = "lookahead assertions are not supported"
        case "<":
            note = "lookbehind assertions are not supported"
            end = min(start + 4, scalars.count)
        case ">":
            note = "atomic groups are not supported"
        case "#":
            note = "comments are not supported"
        case "P":
            note = "only (?P<name>...) is supported; backreferences are not"
        default:
            note = nil
        }
        return LinearRegexError(.invalidPerlOperator, text(start..<end), at: start, note: note)
    }
}
