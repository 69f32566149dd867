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
        var out = ""
        write(value, into: &out, level: 0)
        return out
    }

    /// The JSON text of an object.
    public func string(_ object: any FactObject) -> String {
        string(.object(object))
    }

    /// Appends the JSON text of a value.
    public func write(_ value: FactValue, into out: inout String, level: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSONWriter.number(d)
        case .string(let s): JSONWriter.quote(s, into: &out)
        case .timestamp(let date): JSONWriter.quote(RFC3339.string(from: date), into: &out)
        case .list(let items):
            writeContainer(open: "[", close: "]", count: items.count, into: &out, level: level) { i, out in
                write(items[i], into: &out, level: level + 1)
            }
        case .map(let entries):
            writeContainer(open: "{", close: "}", count: entries.count, into: &out, level: level) { i, out in
                JSONWriter.quote(entries[i].key, into: &out)
                out += indent > 0 ? ": " : ":"
                write(entries[i].value, into: &out, level: level + 1)
            }
        case .object(let object):
            let fields = JSONWriter.fields(of: object)
            writeContainer(open: "{", close: "}", count: fields.count, into: &out, level: level) { i, out in
                JSONWriter.quote(fields[i].0, into: &out)
                out += indent > 0 ? ": " : ":"
                write(fields[i].1, into: &out, level: level + 1)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, into out: inout String, level: Int,
        element: (Int, inout String) -> Void
    ) {
        guard count > 0 else {
            out += open + close
            return
        }
        out += open
        let pad = indent > 0 ? "\n" + String(repeating: " ", count: indent * (level + 1)) : ""
        for i in 0..<count {
            if i > 0 { out += "," }
            out += pad
            element(i, &out)
        }
        if indent > 0 { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }

    /// The set fields of an object, in declaration order.
    static func fields(of object: any FactObject) -> [(String, FactValue)] {
        switch object {
        case let declaring as any FactSchemaDeclaring: declaring.allFactValues()
        case let dynamic as DynamicFactObject: dynamic.order.compactMap { key in dynamic.fields[key].map { (key, $0) } }
        default: []
        }
    }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return String(d)
    }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension FactSchemaDeclaring {
    /// Every set field with its value, in declaration order.
    public func allFactValues() -> [(String, FactValue)] {
        Self.factFields.values(in: self)
    }
}
