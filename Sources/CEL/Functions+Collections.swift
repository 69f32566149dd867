/// `size`, `in` and indexing.
enum Collections {
    static func size(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .string(let string):
            try frame.charge(Cost.bytes(string.utf8.count))
            return .int(Int64(codePointCount(string)))
        case .bytes(let bytes): return .int(Int64(bytes.count))
        case .list(let elements): return .int(Int64(elements.count))
        case .map(let map): return .int(Int64(map.count))
        default: throw .noOverload("size", value)
        }
    }

    /// `element in container`.
    static func contains(
        _ frame: inout Frame, _ element: CELValue, _ container: CELValue
    )
        throws(CELEvaluationError) -> CELValue
    {
        switch container {
        case .list(let elements):
            try frame.charge(Cost.elements(elements.count))
            for candidate in elements where candidate.celEquals(element) { return .bool(true) }
            return .bool(false)
        case .map(let map):
            return .bool(map[element] != nil)
        default:
            throw .noOverload(Operator.in, element, container)
        }
    }

    /// `container[key]` for lists (int, uint or integral double index) and maps.
    static func index(
        _ frame: inout Frame, _ container: CELValue, _ key: CELValue
    ) throws(CELEvaluationError)
        -> CELValue
    {
        switch container {
        case .list(let elements):
            let position: Int64
            switch key {
            case .int(let value): position = value
            case .uint(let value): position = value > UInt64(Int64.max) ? Int64.max : Int64(value)
            case .double(let value):
                guard value.rounded(.towardZero) == value, value > -9.2e18, value < 9.2e18 else {
                    throw CELEvaluationError(
                        .invalidArgument,
                        "invalid_argument: list index \(doubleLiteral(value)) "
                            + "is not an integer")
                }
                position = Int64(value)
            default:
                throw CELEvaluationError(
                    .invalidArgument,
                    "invalid_argument: list index must be an int, got "
                        + "'\(key.typeName)'")
            }
            guard position >= 0, position < elements.count else {
                throw CELEvaluationError(
                    .indexOutOfRange,
                    "invalid_argument: index \(position) out of range "
                        + "for list of size \(elements.count)")
            }
            return elements[Int(position)]
        case .map(let map):
            guard let value = map[key] else {
                throw CELEvaluationError(.noSuchKey, "no such key: \(key.literal)")
            }
            return value
        default:
            throw .noOverload(Operator.index, container, key)
        }
    }
}
