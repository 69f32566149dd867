/// A small strict JSON parser (RFC 8259) that keeps object key order and tells integers from other numbers,
/// which Foundation's JSONSerialization does not.
struct JSONTextParser {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let message: String
        var description: String { "invalid JSON at byte \(offset): \(message)" }
    }

    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    static let maxDepth = 256

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws -> UntypedValue {
        let value = try parseValue()
        skipSpace()
        guard i == bytes.count else { throw Failure(offset: i, message: "trailing characters") }
        return value
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func parseValue() throws -> UntypedValue {
        skipSpace()
        guard i < bytes.count else { throw Failure(offset: i, message: "unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try parseNumber()
        }
    }

    private mutating func literal(_ word: String, _ value: UntypedValue) throws -> UntypedValue {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else {
            throw Failure(offset: i, message: "unexpected character")
        }
        i += w.count
        return value
    }

    private mutating func enter() throws {
        depth += 1
        if depth > JSONTextParser.maxDepth {
            throw Failure(offset: i, message: "nesting deeper than \(JSONTextParser.maxDepth)")
        }
    }

    private mutating func parseObject() throws -> UntypedValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var entries: [(key: String, value: UntypedValue)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .map(entries)
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw Failure(offset: i, message: "expected a key")
            }
            let key = try parseString()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw Failure(offset: i, message: "expected ':'")
            }
            i += 1
            entries.append((key, try parseValue()))
            skipSpace()
            guard i < bytes.count else { throw Failure(offset: i, message: "unexpected end") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .map(entries)
            } else {
                throw Failure(offset: i, message: "expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws -> UntypedValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [UntypedValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .list(items)
        }
        while true {
            items.append(try parseValue())
            skipSpace()
            guard i < bytes.count else { throw Failure(offset: i, message: "unexpected end") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .list(items)
            } else {
                throw Failure(offset: i, message: "expected ',' or ']'")
            }
        }
    }

    private mutating func parseString() throws -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { throw Failure(offset: i, message: "unterminated escape") }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                        bytes[i + 1] == UInt8(ascii: "u")
                    {
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw Failure(offset: i, message: "bad surrogate pair")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let valid = Unicode.Scalar(scalar) else {
                        throw Failure(offset: i - 6, message: "a lone surrogate (\\u\(String(scalar, radix: 16)))")
                    }
                    out += Array(String(valid).utf8)
                default: throw Failure(offset: i - 1, message: "invalid escape")
                }
            case 0..<0x20: throw Failure(offset: i, message: "control character in string")
            default:
                out.append(b)
                i += 1
            }
        }
        throw Failure(offset: i, message: "unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw Failure(offset: i, message: "short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
            default: throw Failure(offset: i, message: "bad hex digit")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// A number as RFC 8259 writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite.
    private mutating func parseNumber() throws -> UntypedValue {
        let start = i
        func digits() -> Int {
            let first = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - first
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integral = i
        guard digits() > 0 else { throw Failure(offset: start, message: "invalid number") }
        if bytes[integral] == UInt8(ascii: "0"), i - integral > 1 {
            throw Failure(offset: start, message: "invalid number (a leading zero)")
        }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            isInteger = false
            guard digits() > 0 else { throw Failure(offset: start, message: "invalid number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            isInteger = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw Failure(offset: start, message: "invalid number") }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInteger, let v = Int64(text) { return .int(v) }
        guard let d = Double(text), d.isFinite else {
            throw Failure(offset: start, message: "number out of range")
        }
        return .double(d)
    }
}
