extension Lexer {
    /// Lexes a quoted string or bytes literal starting at the opening quote (after any prefix letters).
    mutating func lexString(raw: Bool, bytes isBytes: Bool) throws(SyntaxError) -> TokenKind {
        let start = position
        let quote = bytes[position]
        let triple = peekByte(1) == quote && peekByte(2) == quote
        position += triple ? 3 : 1
        var output: [UInt8] = []
        while true {
            guard let byte = peekByte() else {
                throw SyntaxError(message: "unterminated string literal", offset: start)
            }
            if byte == quote {
                if !triple {
                    position += 1
                    break
                }
                if peekByte(1) == quote && peekByte(2) == quote {
                    position += 3
                    break
                }
            }
            if !triple && (byte == 0x0A || byte == 0x0D) {
                throw SyntaxError(
                    message: "unterminated string literal (newline in single-quoted string)",
                    offset: start)
            }
            if byte == UInt8(ascii: "\\") && !raw {
                try lexEscape(into: &output, isBytes: isBytes)
                continue
            }
            output.append(byte)
            position += 1
        }
        if isBytes { return .bytes(output) }
        return .string(String(decoding: output, as: UTF8.self))
    }

    /// Decodes one escape sequence at the backslash, appending UTF-8 (strings) or raw octets (bytes).
    private mutating func lexEscape(into output: inout [UInt8], isBytes: Bool) throws(SyntaxError) {
        let start = position
        position += 1
        guard let code = peekByte() else {
            throw SyntaxError(message: "unterminated escape sequence", offset: start)
        }
        position += 1
        switch code {
        case UInt8(ascii: "\\"), UInt8(ascii: "?"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            output.append(code)
        case UInt8(ascii: "a"): output.append(0x07)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "v"): output.append(0x0B)
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            let value = try hexDigits(2, escapeStart: start)
            appendCode(value, to: &output, isBytes: isBytes)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            guard !isBytes else {
                throw SyntaxError(message: "\\u and \\U escapes are not allowed in bytes literals", offset: start)
            }
            let value = try hexDigits(code == UInt8(ascii: "u") ? 4 : 8, escapeStart: start)
            guard value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else {
                throw SyntaxError(message: "invalid Unicode code point in escape sequence", offset: start)
            }
            appendCode(value, to: &output, isBytes: false)
        case UInt8(ascii: "0")...UInt8(ascii: "3"):
            var value = UInt32(code - 48)
            for _ in 0..<2 {
                guard let digit = peekByte(), digit >= 48, digit <= 55 else {
                    throw SyntaxError(message: "octal escape needs three digits 000-377", offset: start)
                }
                value = value * 8 + UInt32(digit - 48)
                position += 1
            }
            appendCode(value, to: &output, isBytes: isBytes)
        default:
            let shown = String(decoding: [code], as: UTF8.self)
            throw SyntaxError(message: "invalid escape sequence '\\\(shown)'", offset: start)
        }
    }

    private mutating func hexDigits(_ count: Int, escapeStart: Int) throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let digit = peekByte(), isHexDigit(digit) else {
                throw SyntaxError(message: "escape sequence needs \(count) hexadecimal digits", offset: escapeStart)
            }
            value = value * 16 + UInt32(hexValue(digit))
            position += 1
        }
        return value
    }

    private func appendCode(_ value: UInt32, to output: inout [UInt8], isBytes: Bool) {
        if isBytes {
            output.append(UInt8(truncatingIfNeeded: value))
            return
        }
        guard let scalar = Unicode.Scalar(value) else { return }
        UTF8.encode(scalar) { output.append($0) }
    }
}
