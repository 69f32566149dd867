extension Parser {
    /// Parses a backslash escape outside a character class: assertions, `\Q...\E`, Perl and Unicode
    /// classes, or a single escaped code point.
    mutating func parseEscapeOutsideClass() throws {
        let start = position
        guard let letter = peek(1) else {
            throw LinearRegexError(.trailingBackslash, "\\", at: start)
        }
        switch letter {
        case "A":
            position += 2
            push(.assertion(.beginText))
        case "z":
            position += 2
            push(.assertion(.endText))
        case "b":
            position += 2
            push(.assertion(.wordBoundary))
        case "B":
            position += 2
            push(.assertion(.notWordBoundary))
        case "Q":
            position += 2
            while position < scalars.count {
                if scalars[position] == "\\" && peek(1) == "E" {
                    position += 2
                    break
                }
                pushLiteral(scalars[position].value)
                position += 1
            }
        case "d", "D", "s", "S", "w", "W", "p", "P":
            push(Node.fromClass(try parseClassEscape()))
        case "C":
            throw LinearRegexError(.invalidEscape, "\\C", at: start, note: "\\C (any byte) is not supported")
        default:
            pushLiteral(try parseScalarEscape())
        }
    }

    /// Parses an escape that denotes one code point: control letters, `\x..`, octal, or an escaped
    /// ASCII punctuation or space character. Used both inside and outside classes.
    mutating func parseScalarEscape() throws -> UInt32 {
        let start = position
        position += 1
        guard let letter = peek() else {
            throw LinearRegexError(.trailingBackslash, "\\", at: start)
        }
        position += 1
        switch letter {
        case "1"..."7" where peek().map { ("0"..."7").contains($0) } ?? false:
            return readOctal(first: letter)
        case "1"..."9":
            throw LinearRegexError(
                .invalidEscape, text(start..<position), at: start, note: "backreferences are not supported")
        case "0":
            return readOctal(first: letter)
        case "x":
            return try readHex(escapeStart: start)
        case "a": return 0x07
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        default:
            let value = letter.value
            let isAlphanumeric =
                ("a"..."z").contains(letter) || ("A"..."Z").contains(letter)
                || ("0"..."9").contains(letter)
            if value < 0x80 && !isAlphanumeric {
                return value
            }
            throw LinearRegexError(.invalidEscape, text(start..<position), at: start)
        }
    }

    /// Reads up to two more octal digits after `first` (RE2 allows `\0`, `\012`, `\123`, but not `\1`).
    mutating func readOctal(first: Unicode.Scalar) -> UInt32 {
        var value = first.value - 0x30
        for _ in 0..<2 {
            guard let digit = peek(), ("0"..."7").contains(digit) else { break }
            value = value * 8 + digit.value - 0x30
            position += 1
        }
        return value
    }

    /// Reads the digits of `\xHH` or `\x{H...}` (at most U+10FFFF).
    mutating func readHex(escapeStart: Int) throws -> UInt32 {
        func invalid(_ parser: Parser) -> LinearRegexError {
            LinearRegexError(
                .invalidEscape, parser.text(escapeStart..<min(parser.position + 1, parser.scalars.count)),
                at: escapeStart)
        }
        if peek() == "{" {
            position += 1
            var value: UInt32 = 0
            var digits = 0
            while let digit = peek(), let digitValue = hexValue(digit) {
                value = value * 16 + digitValue
                digits += 1
                position += 1
                if value > CharClass.maxScalar {
                    throw invalid(self)
                }
            }
            guard digits > 0, peek() == "}" else {
                throw invalid(self)
            }
            position += 1
            return value
        }
        guard let high = peek().flatMap(hexValue) else { throw invalid(self) }
        position += 1
        guard let low = peek().flatMap(hexValue) else { throw invalid(self) }
        position += 1
        return high * 16 + low
    }

    /// The value of a hexadecimal digit.
    func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    /// Parses `\d \D \s \S \w \W`, `\pX`, `\p{Name}`, `\p{^Name}`, `\PX` or `\P{Name}` into a set,
    /// case-folded under `(?i)` before any negation (as RE2 does).
    mutating func parseClassEscape() throws -> CharClass {
        let start = position
        let letter = scalars[position + 1]
        position += 2
        var negated = false
        var set: CharClass
        switch letter {
        case "d", "s", "w", "D", "S", "W":
            negated = ("A"..."Z").contains(letter)
            let lower = negated ? letter.value + 0x20 : letter.value
            set = UnicodeTables.perlClass(lower)!
        default:
            negated = letter == "P"
            var name: String
            if peek() == "{" {
                guard let close = scalars[position...].firstIndex(of: "}") else {
                    throw LinearRegexError(
                        .invalidCharClass, text(start..<scalars.count), at: start,
                        note: "missing } in Unicode class")
                }
                name = text(position + 1..<close)
                position = close + 1
            } else if let single = peek() {
                name = String(single)
                position += 1
            } else {
                throw LinearRegexError(
                    .invalidCharClass, text(start..<position), at: start,
                    note: "missing Unicode class name")
            }
            if name.hasPrefix("^") {
                negated.toggle()
                name.removeFirst()
            }
            guard let named = UnicodeTables.namedClass(name) else {
                throw LinearRegexError(
                    .invalidCharClass, text(start..<position), at: start,
                    note: "unknown Unicode class name")
            }
            set = named
        }
        if flags.caseInsensitive {
            set = set.caseFolded()
        }
        return negated ? set.inverted() : set
    }
}
