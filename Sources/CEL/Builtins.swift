/// A standard unary function over runtime values.
typealias UnaryFunction = @Sendable (inout Frame, CELValue) throws(CELEvaluationError) -> CELValue
/// A standard binary function over runtime values.
typealias BinaryFunction = @Sendable (inout Frame, CELValue, CELValue) throws(CELEvaluationError) -> CELValue

/// Runtime implementations of the standard library, dispatching on the runtime argument kinds.
enum Builtins {
    static func unary(_ name: String) -> UnaryFunction? {
        switch name {
        case Operator.not: return Arithmetic.not
        case Operator.negate: return Arithmetic.negate
        case "size": return Collections.size
        case "int": return Conversions.toInt
        case "uint": return Conversions.toUInt
        case "double": return Conversions.toDouble
        case "string": return Conversions.toString
        case "bytes": return Conversions.toBytes
        case "bool": return Conversions.toBool
        case "timestamp": return Conversions.toTimestamp
        case "duration": return Conversions.toDuration
        case "dyn": return { _, value in value }
        case "type": return { _, value in .type(value.celType) }
        default:
            if TimeAccessors.isAccessor(name) { return TimeAccessors.unary(name) }
            return nil
        }
    }

    static func binary(_ name: String) -> BinaryFunction? {
        switch name {
        case Operator.add: return Arithmetic.add
        case Operator.subtract: return Arithmetic.subtract
        case Operator.multiply: return Arithmetic.multiply
        case Operator.divide: return Arithmetic.divide
        case Operator.modulo: return Arithmetic.modulo
        case Operator.less: return comparison(name) { $0 == .less }
        case Operator.lessEquals: return comparison(name) { $0 == .less || $0 == .equal }
        case Operator.greater: return comparison(name) { $0 == .greater }
        case Operator.greaterEquals: return comparison(name) { $0 == .greater || $0 == .equal }
        case Operator.in: return Collections.contains
        case Operator.index: return Collections.index
        case "contains": return Strings.contains
        case "startsWith": return Strings.startsWith
        case "endsWith": return Strings.endsWith
        case "matches": return Strings.matches
        default:
            if TimeAccessors.isAccessor(name) { return TimeAccessors.binary(name) }
            return nil
        }
    }

    private static func comparison(
        _ name: String, _ accept: @escaping @Sendable (Ordering) -> Bool
    )
        -> BinaryFunction
    {
        return { _, a, b throws(CELEvaluationError) in
            guard let ordering = orderValues(a, b) else { throw .noOverload(name, a, b) }
            return .bool(accept(ordering))
        }
    }
}
