import Foundation

/// Decodes the typed JSON value encoding of the conformance files.
enum ConformanceValue {
    static func decode(_ json: Any) -> CELValue? {
        guard let object = json as? [String: Any], let (kind, payload) = object.first else { return nil }
        switch kind {
        case "null": return .null
        case "bool": return (payload as? Bool).map { .bool($0) }
        case "int": return (payload as? String).flatMap { Int64($0) }.map { .int($0) }
        case "uint": return (payload as? String).flatMap { UInt64($0) }.map { .uint($0) }
        case "double":
            if let text = payload as? String {
                switch text {
                case "inf": return .double(.infinity)
                case "-inf": return .double(-.infinity)
                case "nan": return .double(.nan)
                default: return Double(text).map { .double($0) }
                }
            }
            return (payload as? NSNumber).map { .double($0.doubleValue) }
        case "string": return (payload as? String).map { .string($0) }
        case "bytes_b64":
            return (payload as? String).flatMap { Data(base64Encoded: $0) }.map { .bytes(Array($0)) }
        case "list":
            guard let items = payload as? [Any] else { return nil }
            var values: [CELValue] = []
            for item in items {
                guard let value = decode(item) else { return nil }
                values.append(value)
            }
            return .list(values)
        case "map":
            guard let pairs = payload as? [[Any]] else { return nil }
            var entries: [(key: CELValue, value: CELValue)] = []
            for pair in pairs {
                guard pair.count == 2, let key = decode(pair[0]), let value = decode(pair[1]) else { return nil }
                entries.append((key, value))
            }
            return (try? CELMap(entries: entries)).map { .map($0) }
        case "type":
            guard let name = payload as? String else { return nil }
            return .type(typeNamed(name))
        default:
            return nil
        }
    }

    private static func typeNamed(_ name: String) -> CELType {
        let builtins: [String: CELType] = [
            "bool": .bool, "int": .int, "uint": .uint, "double": .double, "string": .string, "bytes": .bytes,
            "list": .list(.dyn), "map": .map(.dyn, .dyn), "null_type": .null, "type": .type,
            "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
        ]
        return builtins[name] ?? .message(name)
    }

    /// A declared type for a bound value (homogeneous aggregates get element types, others `dyn`).
    static func inferType(_ value: CELValue) -> CELType {
        switch value {
        case .list(let elements): return .list(common(elements.map(inferType)))
        case .map(let map): return .map(common(map.keys.map(inferType)), common(map.values.map(inferType)))
        default: return value.celType
        }
    }

    private static func common(_ types: [CELType]) -> CELType {
        guard let first = types.first, types.allSatisfy({ $0 == first }) else { return .dyn }
        return first
    }
}
