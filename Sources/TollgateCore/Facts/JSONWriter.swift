import Foundation

/// Writes fact values as JSON text: object keys in schema order, unset fields left out, timestamps as RFC 3339 UTC.
public struct JSONWriter: Sendable {
    /// Indentation per level; 0 writes compact JSON on one line.
    public var indent: Int

    /// Creates a writer.
    public init(indent: Int = 2) {
        self.indent = indent
    }

    /// The JSON text of a value.
    public func string(_ value: FactValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON text of an object.
    public func string(_ object: any FactObject) -> String {
        string(.object(object))
    }

    /// Appends the JSON text of a value as UTF-8.
    public func write(_ value: FactValue, into out: inout [UInt8], level: Int) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .double(let d): out += JSONWriter.number(d).utf8
        case .string(let s): JSONWriter.quote(s, into: &out)
        case .timestamp(let date): JSONWriter.quote(RFC3339.string(from: date), into: &out)
        case .list(let items):
            writeContainer(
                open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: items.count, into: &out, level: level
            ) {
                i, out in write(items[i], into: &out, level: level + 1)
            }
        case .map(let entries):
            writeContainer(
                open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), count: entries.count, into: &out, level: level
            ) {
                i, out in
                JSONWriter.quote(entries[i].key, into: &out)
                out += indent > 0 ? [UInt8(ascii: ":"), UInt8(ascii: " ")] : [UInt8(ascii: ":")]
                write(entries[i].value, into: &out, level: level + 1)
            }
        case .object(let object):
            let fields = JSONWriter.fields(of: object)
            writeContainer(
                open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), count: fields.count, into: &out, level: level
            ) {
                i, out in
                JSONWriter.quote(fields[i].0, into: &out)
                out += indent > 0 ? [UInt8(ascii: ":"), UInt8(ascii: " ")] : [UInt8(ascii: ":")]
                write(fields[i].1, into: &out, level: level + 1)
            }
        }
    }

    private func writeContainer(
        open: UInt8, close: UInt8, count: Int, into out: inout [UInt8], level: Int,
        element: (Int, inout [UInt8]) -> Void
    ) {
        out.append(open)
        guard count > 0 else {
            out.append(close)
            return
        }
        for i in 0..<count {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            newline(into: &out, level: level + 1)
            element(i, &out)
        }
        newline(into: &out, level: level)
        out.append(close)
    }

    private func newline(into out: inout [UInt8], level: Int) {
        guard indent > 0 else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// The set fields of an object, in declaration order.
    static func fields(of object: any FactObject) -> [(String, FactValue)] {
        if let extended = object as? any ExtendedFactObject {
            return fields(of: extended.base) + extended.extraFields
        }
        switch object {
        case let declaring as any FactSchemaDeclaring: return declaring.allFactValues()
        case let dynamic as DynamicFactObject:
            return dynamic.order.compactMap { key in dynamic.fields[key].map { (key, $0) } }
        default: return []
        }
    }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return String(d)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal (UTF-8).
    public static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                default:
                    out += [
                        0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(b >> 4)],
                        hexDigits[Int(b & 0xF)],
                    ]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}

/// A fact object printed with extra, non-fact fields after its own (a verdict beside the facts).
public protocol ExtendedFactObject: FactObject {
    /// The document whose fields come first.
    var base: any FactObject { get }
    /// Fields appended after the document's own.
    var extraFields: [(String, FactValue)] { get }
}

extension FactSchemaDeclaring {
    /// Every set field with its value, in declaration order.
    public func allFactValues() -> [(String, FactValue)] {
        Self.factFields.values(in: self)
    }
}
