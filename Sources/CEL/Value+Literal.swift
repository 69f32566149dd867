extension CELValue: CustomStringConvertible {
    /// The value rendered as CEL source text (see `literal`).
    public var description: String { literal }

    /// The value rendered as a CEL literal, e.g. `1u`, `2.0`, `"a\"b"`, `b"\x00"`, `[1, 2]`, `{"a": 1}`,
    /// `timestamp("2009-02-13T23:31:30Z")`, `duration("3s")`, `int`, or `Package{name: "x"}`.
    public var literal: String {
        var output = ""
        appendLiteral(to: &output)
        return output
    }

    func appendLiteral(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .uint(let value): output += String(value) + "u"
        case .double(let value): output += doubleLiteral(value)
        case .string(let value): appendStringLiteral(value, to: &output)
        case .bytes(let value): appendBytesLiteral(value, to: &output)
        case .list(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                element.appendLiteral(to: &output)
            }
            output += "]"
        case .map(let map):
            output += "{"
            for index in 0..<map.count {
                if index > 0 { output += ", " }
                map.storage.keys[index].appendLiteral(to: &output)
                output += ": "
                map.storage.values[index].appendLiteral(to: &output)
            }
            output += "}"
        case .timestamp(let value):
            output += "timestamp(\"" + value.rfc3339 + "\")"
        case .duration(let value):
            output += "duration(\"" + value.description + "\")"
        case .type(let type): output += type.runtimeName
        case .object(let object):
            output += object.celTypeName + "{"
            for (index, name) in object.celFieldNames.enumerated() {
                if index > 0 { output += ", " }
                output += name + ": "
                (object.celField(name) ?? .null).appendLiteral(to: &output)
            }
            output += "}"
        }
    }
}

/// A double as CEL source: always with a decimal point or exponent; non-finite values as conversions.
func doubleLiteral(_ value: Double) -> String {
    if value.isNaN { return "double(\"nan\")" }
    if value.isInfinite { return value < 0 ? "double(\"-inf\")" : "double(\"inf\")" }
    let text = value.description
    if text.contains(".") || text.contains("e") { return text }
    return text + ".0"
}

private func appendStringLiteral(_ value: String, to output: inout String) {
    output += "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "\u{07}": output += "\\a"
        case "\u{08}": output += "\\b"
        case "\u{0C}": output += "\\f"
        case "\u{0B}": output += "\\v"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                output += "\\x" + hexByte(UInt8(scalar.value))
            } else if scalar.value >= 0x80 && scalar.value < 0xA0 {
                output += "\\u00" + hexByte(UInt8(scalar.value))
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    output += "\""
}

private func appendBytesLiteral(_ value: [UInt8], to output: inout String) {
    output += "b\""
    for byte in value {
        switch byte {
        case UInt8(ascii: "\""): output += "\\\""
        case UInt8(ascii: "\\"): output += "\\\\"
        case UInt8(ascii: "\n"): output += "\\n"
        case UInt8(ascii: "\r"): output += "\\r"
        case UInt8(ascii: "\t"): output += "\\t"
        case 0x20...0x7E: output.unicodeScalars.append(Unicode.Scalar(byte))
        default: output += "\\x" + hexByte(byte)
        }
    }
    output += "\""
}

private func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
