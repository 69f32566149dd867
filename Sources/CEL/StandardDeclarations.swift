/// Type signatures of CEL's standard functions and operators (implemented by the planner).
enum StandardDeclarations {
    static let functions: [String: [CELOverload]] = build()

    private static func build() -> [String: [CELOverload]] {
        var table: [String: [CELOverload]] = [:]
        let a = CELType.typeParam("A")
        let b = CELType.typeParam("B")

        func global(_ name: String, _ id: String, _ params: [CELType], _ result: CELType) {
            table[name, default: []].append(
                CELOverload(id: id, isReceiver: false, parameters: params, result: result, implementation: nil))
        }
        func member(_ name: String, _ id: String, _ params: [CELType], _ result: CELType) {
            table[name, default: []].append(
                CELOverload(id: id, isReceiver: true, parameters: params, result: result, implementation: nil))
        }

        global(Operator.not, "logical_not", [.bool], .bool)
        global(Operator.negate, "negate_int64", [.int], .int)
        global(Operator.negate, "negate_double", [.double], .double)

        let arithmetic: [(String, String)] = [
            (Operator.add, "add"), (Operator.subtract, "subtract"), (Operator.multiply, "multiply"),
            (Operator.divide, "divide"),
        ]
        for (name, id) in arithmetic {
            global(name, "\(id)_int64", [.int, .int], .int)
            global(name, "\(id)_uint64", [.uint, .uint], .uint)
            global(name, "\(id)_double", [.double, .double], .double)
        }
        global(Operator.modulo, "modulo_int64", [.int, .int], .int)
        global(Operator.modulo, "modulo_uint64", [.uint, .uint], .uint)
        global(Operator.add, "add_string", [.string, .string], .string)
        global(Operator.add, "add_bytes", [.bytes, .bytes], .bytes)
        global(Operator.add, "add_list", [.list(a), .list(a)], .list(a))
        global(Operator.add, "add_timestamp_duration", [.timestamp, .duration], .timestamp)
        global(Operator.add, "add_duration_timestamp", [.duration, .timestamp], .timestamp)
        global(Operator.add, "add_duration_duration", [.duration, .duration], .duration)
        global(Operator.subtract, "subtract_timestamp_timestamp", [.timestamp, .timestamp], .duration)
        global(Operator.subtract, "subtract_timestamp_duration", [.timestamp, .duration], .timestamp)
        global(Operator.subtract, "subtract_duration_duration", [.duration, .duration], .duration)

        global(Operator.equals, "equals", [a, a], .bool)
        global(Operator.notEquals, "not_equals", [a, a], .bool)

        let orderable: [(String, CELType)] = [
            ("bool", .bool), ("int64", .int), ("uint64", .uint), ("double", .double), ("string", .string),
            ("bytes", .bytes), ("timestamp", .timestamp), ("duration", .duration),
        ]
        let numeric: [(String, CELType)] = [("int64", .int), ("uint64", .uint), ("double", .double)]
        let comparisons: [(String, String)] = [
            (Operator.less, "less"), (Operator.lessEquals, "less_equals"), (Operator.greater, "greater"),
            (Operator.greaterEquals, "greater_equals"),
        ]
        for (name, id) in comparisons {
            for (typeID, type) in orderable { global(name, "\(id)_\(typeID)", [type, type], .bool) }
            for (leftID, left) in numeric {
                for (rightID, right) in numeric where leftID != rightID {
                    global(name, "\(id)_\(leftID)_\(rightID)", [left, right], .bool)
                }
            }
        }

        global(Operator.in, "in_list", [a, .list(a)], .bool)
        global(Operator.in, "in_map", [a, .map(a, b)], .bool)
        global(Operator.index, "index_list", [.list(a), .int], a)
        global(Operator.index, "index_map", [.map(a, b), a], b)

        for (typeID, type) in [
            ("string", CELType.string), ("bytes", .bytes), ("list", .list(a)),
            ("map", .map(a, b)),
        ] {
            global("size", "size_\(typeID)", [type], .int)
            member("size", "\(typeID)_size", [type], .int)
        }
        member("contains", "contains_string", [.string, .string], .bool)
        member("startsWith", "starts_with_string", [.string, .string], .bool)
        member("endsWith", "ends_with_string", [.string, .string], .bool)
        global("matches", "matches", [.string, .string], .bool)
        member("matches", "matches_string", [.string, .string], .bool)

        let conversions: [(String, [(String, CELType)], CELType)] = [
            (
                "int",
                [
                    ("int64", .int), ("uint64", .uint), ("double", .double), ("string", .string),
                    ("timestamp", .timestamp),
                ], .int
            ),
            ("uint", [("uint64", .uint), ("int64", .int), ("double", .double), ("string", .string)], .uint),
            ("double", [("double", .double), ("int64", .int), ("uint64", .uint), ("string", .string)], .double),
            (
                "string",
                [
                    ("string", .string), ("int64", .int), ("uint64", .uint), ("double", .double),
                    ("bytes", .bytes), ("bool", .bool), ("timestamp", .timestamp), ("duration", .duration),
                ],
                .string
            ),
            ("bytes", [("bytes", .bytes), ("string", .string)], .bytes),
            ("bool", [("bool", .bool), ("string", .string)], .bool),
            ("timestamp", [("timestamp", .timestamp), ("string", .string), ("int64", .int)], .timestamp),
            ("duration", [("duration", .duration), ("string", .string)], .duration),
        ]
        for (name, sources, result) in conversions {
            for (sourceID, source) in sources { global(name, "\(sourceID)_to_\(name)", [source], result) }
        }
        global("dyn", "to_dyn", [a], .dyn)
        global("type", "type", [a], .type)

        for accessor in [
            "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfYear", "getDayOfWeek",
            "getHours", "getMinutes", "getSeconds", "getMilliseconds",
        ] {
            member(accessor, "timestamp_\(accessor)", [.timestamp], .int)
            member(accessor, "timestamp_\(accessor)_with_tz", [.timestamp, .string], .int)
        }
        for accessor in ["getHours", "getMinutes", "getSeconds", "getMilliseconds"] {
            member(accessor, "duration_\(accessor)", [.duration], .int)
        }
        return table
    }
}
