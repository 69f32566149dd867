/// Type conversion functions `int()`, `uint()`, `double()`, `string()`, `bytes()`, `bool()`, `timestamp()`,
/// `duration()`.
enum Conversions {
    static func toInt(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .int: return value
        case .uint(let x):
            guard x <= UInt64(Int64.max) else { throw rangeError(value, "int") }
            return .int(Int64(x))
        case .double(let x):
            guard x > -9.223372036854775808e18, x < 9.223372036854775808e18 else { throw rangeError(value, "int") }
            return .int(Int64(x))
        case .string(let text):
            guard let parsed = Int64(text) else { throw conversionError(value, "int") }
            return .int(parsed)
        case .timestamp(let timestamp): return .int(timestamp.seconds)
        default: throw .noOverload("int", value)
        }
    }

    static func toUInt(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .uint: return value
        case .int(let x):
            guard x >= 0 else { throw rangeError(value, "uint") }
            return .uint(UInt64(x))
        case .double(let x):
            guard x >= 0, x < 1.8446744073709551616e19 else { throw rangeError(value, "uint") }
            return .uint(UInt64(x))
        case .string(let text):
            guard let parsed = UInt64(text) else { throw conversionError(value, "uint") }
            return .uint(parsed)
        default: throw .noOverload("uint", value)
        }
    }

    static func toDouble(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .double: return value
        case .int(let x): return .double(Double(x))
        case .uint(let x): return .double(Double(x))
        case .string(let text):
            guard let parsed = Double(text) else { throw conversionError(value, "double") }
            return .double(parsed)
        default: throw .noOverload("double", value)
        }
    }

    static func toString(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .string: return value
        case .int(let x): return .string(String(x))
        case .uint(let x): return .string(String(x))
        case .double(let x): return .string(formatDoubleG(x))
        case .bool(let x): return .string(x ? "true" : "false")
        case .bytes(let bytes):
            try frame.charge(Cost.bytes(bytes.count))
            guard let text = decodeUTF8(bytes) else {
                throw CELEvaluationError(.invalidArgument, "invalid UTF-8 in bytes converted to string")
            }
            return .string(text)
        case .timestamp(let timestamp): return .string(timestamp.rfc3339)
        case .duration(let duration): return .string(duration.description)
        default: throw .noOverload("string", value)
        }
    }

    static func toBytes(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .bytes: return value
        case .string(let text):
            try frame.charge(Cost.bytes(text.utf8.count))
            return .bytes(Array(text.utf8))
        default: throw .noOverload("bytes", value)
        }
    }

    static func toBool(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .bool: return value
        case .string(let text):
            switch text {
            case "1", "t", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "false", "FALSE", "False": return .bool(false)
            default: throw conversionError(value, "bool")
            }
        default: throw .noOverload("bool", value)
        }
    }

    static func toTimestamp(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .timestamp: return value
        case .string(let text):
            guard let timestamp = CELTimestamp(rfc3339: text) else {
                throw CELEvaluationError(
                    .invalidArgument,
                    "cannot parse timestamp '\(text)': expected RFC 3339 "
                        + "within range 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z")
            }
            return .timestamp(timestamp)
        case .int(let seconds):
            let timestamp = CELTimestamp(seconds: seconds)
            guard timestamp.isInRange else { throw TimeArithmetic.timestampRange }
            return .timestamp(timestamp)
        default: throw .noOverload("timestamp", value)
        }
    }

    static func toDuration(_ frame: inout Frame, _ value: CELValue) throws(CELEvaluationError) -> CELValue {
        switch value {
        case .duration: return value
        case .string(let text):
            guard let duration = CELDuration(parsing: text) else {
                throw CELEvaluationError(
                    .invalidArgument,
                    "cannot parse duration '\(text)': expected e.g. '1h2m3.5s' "
                        + "within range of about ±292 years")
            }
            return .duration(duration)
        default: throw .noOverload("duration", value)
        }
    }

    private static func rangeError(_ value: CELValue, _ target: String) -> CELEvaluationError {
        CELEvaluationError(.overflow, "range error converting \(value.literal) to \(target)")
    }

    private static func conversionError(_ value: CELValue, _ target: String) -> CELEvaluationError {
        CELEvaluationError(.invalidArgument, "Type conversion error: cannot convert \(value.literal) to \(target)")
    }
}

/// Timestamp and duration field accessors such as `getFullYear()` and `getHours(tz)`.
enum TimeAccessors {
    private static let names: Set<String> = [
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfYear", "getDayOfWeek", "getHours",
        "getMinutes", "getSeconds", "getMilliseconds",
    ]

    static func isAccessor(_ name: String) -> Bool { names.contains(name) }

    /// Extracts the named field from calendar fields.
    static func field(_ name: String) -> @Sendable (CalendarFields) -> Int64 {
        switch name {
        case "getFullYear": return { $0.year }
        case "getMonth": return { $0.month - 1 }
        case "getDate": return { $0.day }
        case "getDayOfMonth": return { $0.day - 1 }
        case "getDayOfYear": return { $0.dayOfYear }
        case "getDayOfWeek": return { $0.dayOfWeek }
        case "getHours": return { $0.hour }
        case "getMinutes": return { $0.minute }
        case "getSeconds": return { $0.second }
        default: return { $0.millisecond }
        }
    }

    static func unary(_ name: String) -> UnaryFunction {
        let extract = field(name)
        let divisor: Int64?
        switch name {
        case "getHours": divisor = 3_600_000_000_000
        case "getMinutes": divisor = 60_000_000_000
        case "getSeconds": divisor = 1_000_000_000
        case "getMilliseconds": divisor = 1_000_000
        default: divisor = nil
        }
        return { _, value throws(CELEvaluationError) in
            switch value {
            case .timestamp(let timestamp):
                return .int(extract(timestamp.components(offset: 0)))
            case .duration(let duration):
                guard let divisor else { throw .noOverload(name, value) }
                let whole = duration.nanoseconds / divisor
                return .int(name == "getMilliseconds" ? whole % 1000 : whole)
            default:
                throw .noOverload(name, value)
            }
        }
    }

    static func binary(_ name: String) -> BinaryFunction {
        let extract = field(name)
        return { _, value, zoneValue throws(CELEvaluationError) in
            guard case .timestamp(let timestamp) = value, case .string(let zoneName) = zoneValue else {
                throw .noOverload(name, value, zoneValue)
            }
            guard let zone = CELTimeZone.parse(zoneName) else {
                throw CELEvaluationError(.invalidArgument, "unknown time zone '\(zoneName)'")
            }
            return .int(extract(timestamp.components(offset: zone.offset(at: timestamp))))
        }
    }
}
