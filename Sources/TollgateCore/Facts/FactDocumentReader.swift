import Foundation

/// Turns untyped data (a JSON fact file, a policy example) into a fact object, checked against the schema: every
/// key must be a documented field, every value of the documented type. Timestamps are RFC 3339 strings.
public struct FactDocumentReader: Sendable {
    /// The schema documents are checked against.
    public let schema: FactSchema

    /// Creates a reader for a schema.
    public init(schema: FactSchema = .package) {
        self.schema = schema
    }

    /// The object of type `typeName` (the schema root by default) that `value` describes; `locate` gives the
    /// position of a path (for messages), `path` names it (`examples.trigger[0]`).
    public func object(
        _ value: UntypedValue, typeName: String? = nil, path: String = "",
        locate: (String) -> SourcePosition
    ) throws(SourceDiagnostic) -> DynamicFactObject {
        let type = typeName ?? schema.root
        guard case .map(let entries) = value else {
            throw SourceDiagnostic(
                locate(path), "\(describe(path)) must be a mapping of \(type) fields, not \(value.kindName)")
        }
        guard let object = schema.object(type) else {
            throw SourceDiagnostic(locate(path), "unknown fact type \(type)")
        }
        var fields: [(String, FactValue)] = []
        var seen: Set<String> = []
        for (key, raw) in entries {
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = object.field(key) else {
                let known = object.fields.map(\.name)
                let hint =
                    known.first { $0.lowercased() == key.lowercased().replacingOccurrences(of: "-", with: "_") }
                    .map { " (did you mean '\($0)'?)" } ?? ""
                throw SourceDiagnostic(locate(childPath), "'\(key)' is not a field of \(type)\(hint)")
            }
            guard seen.insert(key).inserted else {
                throw SourceDiagnostic(locate(childPath), "field '\(key)' is given twice")
            }
            if case .null = raw {
                guard field.nullable else {
                    throw SourceDiagnostic(locate(childPath), "'\(key)' is \(field.type) and cannot be null")
                }
                fields.append((key, .null))
                continue
            }
            fields.append((key, try convert(raw, field.type, path: childPath, locate: locate)))
        }
        return DynamicFactObject(typeName: type, fields: fields)
    }

    private func convert(
        _ raw: UntypedValue, _ type: FactType, path: String, locate: (String) -> SourcePosition
    ) throws(SourceDiagnostic) -> FactValue {
        func mismatch() -> SourceDiagnostic {
            SourceDiagnostic(locate(path), "\(describe(path)) must be \(type), not \(raw.kindName)")
        }
        switch (type, raw) {
        case (.bool, .bool(let b)): return .bool(b)
        case (.int, .int(let i)): return .int(i)
        case (.double, .double(let d)): return .double(d)
        case (.double, .int(let i)): return .double(Double(i))
        case (.string, .string(let s)): return .string(s)
        case (.timestamp, .string(let s)):
            guard let date = RFC3339.date(from: s) else {
                throw SourceDiagnostic(locate(path), "\(describe(path)) must be an RFC 3339 timestamp, not \"\(s)\"")
            }
            return .timestamp(date)
        case (.list(let element), .list(let items)):
            var out: [FactValue] = []
            for (i, item) in items.enumerated() {
                out.append(try convert(item, element, path: "\(path)[\(i)]", locate: locate))
            }
            return .list(out)
        case (.map(let element), .map(let entries)):
            var out: [(key: String, value: FactValue)] = []
            for (key, item) in entries {
                out.append((key, try convert(item, element, path: "\(path).\(key)", locate: locate)))
            }
            return .map(out)
        case (.object(let name), .map):
            return .object(try object(raw, typeName: name, path: path, locate: locate))
        default:
            throw mismatch()
        }
    }

    private func describe(_ path: String) -> String { path.isEmpty ? "the document" : "'\(path)'" }

    /// Parses JSON text into an untyped value (object key order is kept).
    public static func parseJSON(_ text: String) throws -> UntypedValue {
        var parser = JSONTextParser(Array(text.utf8))
        return try parser.document()
    }
}
