/// Splits CEL source (as UTF-8 bytes) into tokens.
struct Lexer {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func peekByte(_ ahead: Int = 0) -> UInt8? {
        let index = position + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func skipTrivia() {
        while let byte = peekByte() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                position += 1
            case UInt8(ascii: "/") where peekByte(1) == UInt8(ascii: "/"):
                while let next = peekByte(), next != 0x0A { position += 1 }
            default:
                return
            }
        }
    }

    /// Produces the next token.
    mutating func next() throws(SyntaxError) -> Token {
        skipTrivia()
        let start = position
        guard let byte = peekByte() else { return Token(kind: .eof, start: start, end: start) }
        let kind: TokenKind
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            kind = try lexNumber()
        case UInt8(ascii: ".") where (peekByte(1).map(isDigit) ?? false):
            kind = try lexNumber()
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            kind = try lexString(raw: false, bytes: false)
        case UInt8(ascii: "`"):
            kind = try lexQuotedIdentifier()
        case _ where isIdentifierStart(byte):
            kind = try lexWord()
        default:
            kind = try lexPunctuation(byte)
        }
        return Token(kind: kind, start: start, end: position)
    }

    private mutating func lexPunctuation(_ byte: UInt8) throws(SyntaxError) -> TokenKind {
        let second = peekByte(1)
        func two(_ kind: TokenKind) -> TokenKind {
            position += 2
            return kind
        }
        position += 1
        switch byte {
        case UInt8(ascii: "("): return .lparen
        case UInt8(ascii: ")"): return .rparen
        case UInt8(ascii: "["): return .lbracket
        case UInt8(ascii: "]"): return .rbracket
        case UInt8(ascii: "{"): return .lbrace
        case UInt8(ascii: "}"): return .rbrace
        case UInt8(ascii: "."): return .dot
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: ":"): return .colon
        case UInt8(ascii: "?"): return .question
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "*"): return .star
        case UInt8(ascii: "/"): return .slash
        case UInt8(ascii: "%"): return .percent
        default: break
        }
        position -= 1
        switch (byte, second) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): return two(.equal)
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): return two(.notEqual)
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): return two(.lessEqual)
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): return two(.greaterEqual)
        case (UInt8(ascii: "&"), UInt8(ascii: "&")): return two(.and)
        case (UInt8(ascii: "|"), UInt8(ascii: "|")): return two(.or)
        case (UInt8(ascii: "!"), _): position += 1; return .bang
        case (UInt8(ascii: "<"), _): position += 1; return .less
        case (UInt8(ascii: ">"), _): position += 1; return .greater
        case (UInt8(ascii: "="), _):
            throw SyntaxError(message: "unexpected '='; use '==' to compare", offset: position)
        default:
            let scalar = String(
                decoding: bytes[position..<min(bytes.count, position + utf8Length(byte))],
                as: UTF8.self)
            throw SyntaxError(message: "unexpected character '\(scalar)'", offset: position)
        }
    }

    private mutating func lexWord() throws(SyntaxError) -> TokenKind {
        let start = position
        while let byte = peekByte(), isIdentifierPart(byte) { position += 1 }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        if let quote = peekByte(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
            word.count <= 2
        {
            let lower = word.lowercased()
            if lower == "r" { return try lexString(raw: true, bytes: false) }
            if lower == "b" { return try lexString(raw: false, bytes: true) }
            if lower == "br" || lower == "rb" { return try lexString(raw: true, bytes: true) }
        }
        switch word {
        case "true": return .trueLiteral
        case "false": return .falseLiteral
        case "null": return .nullLiteral
        case "in": return .inKeyword
        default: return .identifier(word)
        }
    }

    private mutating func lexQuotedIdentifier() throws(SyntaxError) -> TokenKind {
        let start = position
        position += 1
        let contentStart = position
        while let byte = peekByte(), byte != UInt8(ascii: "`") {
            let allowed =
                isIdentifierPart(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ")
            guard allowed else {
                throw SyntaxError(message: "invalid character in quoted identifier", offset: position)
            }
            position += 1
        }
        guard peekByte() == UInt8(ascii: "`") else {
            throw SyntaxError(message: "unterminated quoted identifier", offset: start)
        }
        let name = String(decoding: bytes[contentStart..<position], as: UTF8.self)
        position += 1
        guard !name.isEmpty else { throw SyntaxError(message: "empty quoted identifier", offset: start) }
        return .quotedIdentifier(name)
    }

    private mutating func lexNumber() throws(SyntaxError) -> TokenKind {
        let start = position
        if peekByte() == UInt8(ascii: "0"), let x = peekByte(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            position += 2
            let digitsStart = position
            while let byte = peekByte(), isHexDigit(byte) { position += 1 }
            guard position > digitsStart else {
                throw SyntaxError(message: "hexadecimal literal needs digits after '0x'", offset: start)
            }
            var value: UInt64 = 0
            for byte in bytes[digitsStart..<position] {
                let (scaled, o1) = value.multipliedReportingOverflow(by: 16)
                let (sum, o2) = scaled.addingReportingOverflow(UInt64(hexValue(byte)))
                guard !o1, !o2 else { throw SyntaxError(message: "integer literal out of range", offset: start) }
                value = sum
            }
            return try integerSuffix(value, start: start)
        }
        while let byte = peekByte(), isDigit(byte) { position += 1 }
        var isDouble = false
        if peekByte() == UInt8(ascii: "."), let next = peekByte(1), isDigit(next) {
            isDouble = true
            position += 1
            while let byte = peekByte(), isDigit(byte) { position += 1 }
        }
        if let e = peekByte(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var look = 1
            if let sign = peekByte(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { look = 2 }
            if let digit = peekByte(look), isDigit(digit) {
                isDouble = true
                position += look
                while let byte = peekByte(), isDigit(byte) { position += 1 }
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isDouble {
            guard let value = Double(text) else {
                throw SyntaxError(message: "invalid double literal '\(text)'", offset: start)
            }
            return .double(value)
        }
        guard let value = UInt64(text) else {
            throw SyntaxError(message: "integer literal '\(text)' out of range", offset: start)
        }
        return try integerSuffix(value, start: start)
    }

    private mutating func integerSuffix(_ value: UInt64, start: Int) throws(SyntaxError) -> TokenKind {
        if let suffix = peekByte(), suffix == UInt8(ascii: "u") || suffix == UInt8(ascii: "U") {
            position += 1
            return .uint(value)
        }
        guard value <= UInt64(Int64.max) + 1 else {
            throw SyntaxError(message: "integer literal out of range for int", offset: start)
        }
        return .int(value)
    }
}

@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

@inline(__always) func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
}

@inline(__always) func hexValue(_ byte: UInt8) -> UInt8 {
    if isDigit(byte) { return byte - 48 }
    return (byte | 0x20) - 97 + 10
}

@inline(__always) func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "_")
}

@inline(__always) func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

func utf8Length(_ leadByte: UInt8) -> Int {
    if leadByte < 0x80 { return 1 }
    if leadByte >> 5 == 0b110 { return 2 }
    if leadByte >> 4 == 0b1110 { return 3 }
    return 4
}
