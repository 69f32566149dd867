/// Arithmetic and logical operators with CEL's overflow and division semantics.
enum Arithmetic {
    static func not(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        guard case .bool(let flag) = value else { throw .noOverload(Operator.not, value) }
        return .bool(!flag)
    }

    static func negate(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .int(let x):
            guard x != Int64.min else { throw .overflow("integer") }
            return .int(-x)
        case .double(let x): return .double(-x)
        default: throw .noOverload(Operator.negate, value)
        }
    }

    static func add(_ frame: inout Frame, _ a: CELValue, _ b: CELValue) throws(CELEvaluationError) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            guard !overflow else { throw .overflow("integer") }
            return .int(sum)
        case (.uint(let x), .uint(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            guard !overflow else { throw .overflow("unsigned integer") }
            return .uint(sum)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.string(let x), .string(let y)):
            try frame.charge(Cost.bytes(x.utf8.count + y.utf8.count))
            return .string(x + y)
        case (.bytes(let x), .bytes(let y)):
            try frame.charge(Cost.bytes(x.count + y.count))
            return .bytes(x + y)
        case (.list(let x), .list(let y)):
            try frame.charge(Cost.elements(x.count + y.count))
            return .list(x + y)
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return .timestamp(try TimeArithmetic.add(t, d.nanoseconds))
        case (.duration(let x), .duration(let y)):
            let (sum, overflow) = x.nanoseconds.addingReportingOverflow(y.nanoseconds)
            guard !overflow else { throw TimeArithmetic.durationRange }
            return .duration(CELDuration(nanoseconds: sum))
        default:
            throw .noOverload(Operator.add, a, b)
        }
    }

    static func subtract(
        _ frame: inout Frame, _ a: CELValue, _ b: CELValue
    ) throws(CELEvaluationError)
        -> CELValue
    {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            guard !overflow else { throw .overflow("integer") }
            return .int(difference)
        case (.uint(let x), .uint(let y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            guard !overflow else { throw .overflow("unsigned integer") }
            return .uint(difference)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.timestamp(let t), .duration(let d)):
            guard d.nanoseconds != Int64.min else { throw TimeArithmetic.timestampRange }
            return .timestamp(try TimeArithmetic.add(t, -d.nanoseconds))
        case (.timestamp(let x), .timestamp(let y)):
            return .duration(try TimeArithmetic.difference(x, y))
        case (.duration(let x), .duration(let y)):
            let (difference, overflow) = x.nanoseconds.subtractingReportingOverflow(y.nanoseconds)
            guard !overflow else { throw TimeArithmetic.durationRange }
            return .duration(CELDuration(nanoseconds: difference))
        default:
            throw .noOverload(Operator.subtract, a, b)
        }
    }

    static func multiply(
        _ frame: inout Frame, _ a: CELValue, _ b: CELValue
    ) throws(CELEvaluationError)
        -> CELValue
    {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            guard !overflow else { throw .overflow("integer") }
            return .int(product)
        case (.uint(let x), .uint(let y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            guard !overflow else { throw .overflow("unsigned integer") }
            return .uint(product)
        case (.double(let x), .double(let y)): return .double(x * y)
        default: throw .noOverload(Operator.multiply, a, b)
        }
    }

    static func divide(_ frame: inout Frame, _ a: CELValue, _ b: CELValue) throws(CELEvaluationError) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            guard y != 0 else { throw CELEvaluationError(.divisionByZero, "division by zero") }
            guard !(x == Int64.min && y == -1) else { throw .overflow("integer") }
            return .int(x / y)
        case (.uint(let x), .uint(let y)):
            guard y != 0 else { throw CELEvaluationError(.divisionByZero, "division by zero") }
            return .uint(x / y)
        case (.double(let x), .double(let y)): return .double(x / y)
        default: throw .noOverload(Operator.divide, a, b)
        }
    }

    static func modulo(_ frame: inout Frame, _ a: CELValue, _ b: CELValue) throws(CELEvaluationError) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            guard y != 0 else { throw CELEvaluationError(.divisionByZero, "modulus by zero") }
            guard !(x == Int64.min && y == -1) else { throw .overflow("integer") }
            return .int(x % y)
        case (.uint(let x), .uint(let y)):
            guard y != 0 else { throw CELEvaluationError(.divisionByZero, "modulus by zero") }
            return .uint(x % y)
        default: throw .noOverload(Operator.modulo, a, b)
        }
    }
}

/// Timestamp and duration arithmetic with range checks.
enum TimeArithmetic {
    static let timestampRange = CELEvaluationError(.overflow, "timestamp out of range (0001-01-01 to 9999-12-31)")
    static let durationRange = CELEvaluationError(.overflow, "duration out of range (about ±292 years)")

    static func add(_ timestamp: CELTimestamp, _ nanoseconds: Int64) throws(CELEvaluationError) -> CELTimestamp {
        guard timestamp.isInRange else { throw timestampRange }
        let seconds = timestamp.seconds + nanoseconds / 1_000_000_000
        let nanos = Int64(timestamp.nanos) + nanoseconds % 1_000_000_000
        let result = CELTimestamp(
            seconds: seconds + floorDiv(nanos, 1_000_000_000),
            nanos: Int32(floorMod(nanos, 1_000_000_000)))
        guard result.isInRange else { throw timestampRange }
        return result
    }

    static func difference(_ a: CELTimestamp, _ b: CELTimestamp) throws(CELEvaluationError) -> CELDuration {
        guard a.isInRange, b.isInRange else { throw timestampRange }
        let (scaled, o1) = (a.seconds - b.seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = scaled.addingReportingOverflow(Int64(a.nanos) - Int64(b.nanos))
        guard !o1, !o2 else { throw durationRange }
        return CELDuration(nanoseconds: total)
    }
}
