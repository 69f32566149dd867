import CEL
import Foundation
import TollgateCore

/// The CEL environment policies are written in: the top-level fields of the fact document as variables, the
/// schema's object types, and Tollgate's domain functions (ecosystem version comparison, time, sets).
public struct FactsEnvironment: Sendable {
    /// The CEL environment rules are compiled with.
    public let cel: CELEnvironment
    /// Which slot holds which field.
    let layout: VariableLayout
    /// The clock `now()` reads.
    public let now: Date
    /// The variable bound to the whole fact document.
    public static let documentVariable = "facts"
    /// The schema type of a whole fact document.
    let rootType: String

    /// Builds the environment for a schema, with version comparison from the ecosystems' own libraries.
    public init(
        schema: FactSchema = .package, comparators: VersionComparators, now: Date, costLimit: Int = 100_000
    ) {
        var env = CELEnvironment(typeProvider: FactTypeProvider(schema: schema), mode: .checked)
        env.costLimit = costLimit
        var names: [String] = []
        var types: [CELType] = []
        if let root = schema.object(schema.root) {
            for field in root.fields {
                let type = FactBridge.type(field.type, nullable: field.nullable)
                let slot = env.declareVariable(field.name, type)
                precondition(slot.index == names.count, "variable slots are assigned in order")
                names.append(field.name)
                types.append(type)
            }
        }
        // `facts` is the whole document, so that conditions can test presence: `has(facts.repository)`.
        let factsSlot = env.declareVariable(FactsEnvironment.documentVariable, .message(schema.root))
        precondition(factsSlot.index == names.count)
        names.append(FactsEnvironment.documentVariable)
        types.append(.message(schema.root))
        for object in schema.objects { env.declareMessageType(object.name) }
        DomainFunctions.add(to: &env, comparators: comparators, now: now)
        self.cel = env
        self.layout = VariableLayout(names: names, types: types, documentSlot: factsSlot.index)
        self.now = now
        self.rootType = schema.root
    }

    /// An activation binding a fact object's top-level fields, converted only when read.
    public func activation(for object: any FactObject) -> CELActivation {
        bind(object).activation
    }

    /// An activation and the variables behind it (which tell what was read, and whether a field is set).
    func bind(_ object: any FactObject) -> (activation: CELActivation, variables: PackageVariables) {
        var activation = cel.activation()
        let variables = PackageVariables(object: object, layout: layout)
        activation.resolver = variables
        activation.costAllowance = Self.costAllowance(for: object)
        return (activation, variables)
    }

    /// Cost units granted per element of the document's lists, beyond each rule's limit: enough for a rule to read
    /// a list several times (its condition, message and evidence each have the allowance), not to compare it with
    /// itself.
    public static let costPerElement = 64

    /// The allowance of an evaluation over `object` (see `CELActivation.costAllowance`).
    static func costAllowance(for object: any FactObject) -> Int {
        let (units, overflow) = object.factElementCount.multipliedReportingOverflow(by: costPerElement)
        return overflow ? Int.max : units
    }
}

/// Tollgate's functions for policy authors.
enum DomainFunctions {
    static func add(to env: inout CELEnvironment, comparators: VersionComparators, now: Date) {
        let nowValue = CELValue.timestamp(FactBridge.timestamp(now))
        func compare(_ comparator: any VersionComparator) -> CELFunctionImplementation {
            { args in
                guard case .string(let a) = args[0], case .string(let b) = args[1] else {
                    throw CELEvaluationError(.noMatchingOverload, "version comparison needs two strings")
                }
                return .int(Int64(comparator.compare(a, b).signum()))
            }
        }
        env.addFunction(
            "deb_version_compare",
            overloads: [
                .global(
                    id: "deb_version_compare_string_string", params: [.string, .string], result: .int,
                    compare(comparators.debian))
            ]
        )
        env.addFunction(
            "rpm_version_compare",
            overloads: [
                .global(
                    id: "rpm_version_compare_string_string", params: [.string, .string], result: .int,
                    compare(comparators.rpm))
            ]
        )
        env.addFunction(
            "version_compare",
            overloads: [
                .global(
                    id: "version_compare_ecosystem_string_string", params: [.string, .string, .string], result: .int
                ) {
                    args in
                    guard case .string(let ecosystem) = args[0], case .string(let a) = args[1],
                        case .string(let b) = args[2]
                    else { throw CELEvaluationError(.noMatchingOverload, "version_compare needs three strings") }
                    guard let known = Ecosystem(rawValue: ecosystem) else {
                        throw CELEvaluationError(
                            .invalidArgument,
                            "version_compare: unknown ecosystem '\(ecosystem)' ("
                                + Ecosystem.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                    }
                    return .int(Int64(comparators.comparator(for: known).compare(a, b).signum()))
                }
            ]
        )
        env.addFunction("now", overloads: [.global(id: "now", params: [], result: .timestamp) { _ in nowValue }])
        env.addFunction(
            "age",
            overloads: [
                .global(id: "age_timestamp", params: [.timestamp], result: .duration) { args in
                    guard case .timestamp(let t) = args[0], case .timestamp(let n) = nowValue else {
                        throw CELEvaluationError(.noMatchingOverload, "age needs a timestamp")
                    }
                    let seconds = n.seconds - t.seconds
                    let nanos = Int64(n.nanos) - Int64(t.nanos)
                    let (total, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
                    guard !overflow else { throw CELEvaluationError(.overflow, "age out of range") }
                    return .duration(CELDuration(nanoseconds: total + nanos))
                }
            ]
        )
        env.addFunction(
            "days",
            overloads: [
                .global(id: "days_duration", params: [.duration], result: .double) { args in
                    guard case .duration(let d) = args[0] else {
                        throw CELEvaluationError(.noMatchingOverload, "days needs a duration")
                    }
                    return .double(Double(d.nanoseconds) / 86_400e9)
                }
            ]
        )
        env.addFunction(
            "intersects",
            overloads: [
                .global(id: "intersects_list_list", params: [.list(.string), .list(.string)], result: .bool) { args in
                    let (a, b) = try stringLists(args, "intersects")
                    return .bool(!Set(a).isDisjoint(with: b))
                }
            ]
        )
        env.addFunction(
            "difference",
            overloads: [
                .global(id: "difference_list_list", params: [.list(.string), .list(.string)], result: .list(.string)) {
                    args in
                    let (a, b) = try stringLists(args, "difference")
                    let remove = Set(b)
                    var seen: Set<String> = []
                    return .list(a.filter { !remove.contains($0) && seen.insert($0).inserted }.map { .string($0) })
                }
            ]
        )
        env.addFunction(
            "join",
            overloads: [
                .receiver(id: "list_string_join", on: .list(.string), params: [.string], result: .string) { args in
                    guard case .list(let items) = args[0], case .string(let separator) = args[1] else {
                        throw CELEvaluationError(.noMatchingOverload, "join needs a list of strings and a separator")
                    }
                    return .string(try strings(items, "join").joined(separator: separator))
                },
                .receiver(id: "list_string_join_empty", on: .list(.string), params: [], result: .string) { args in
                    guard case .list(let items) = args[0] else {
                        throw CELEvaluationError(.noMatchingOverload, "join needs a list of strings")
                    }
                    return .string(try strings(items, "join").joined())
                },
            ]
        )
        env.addFunction(
            "lowerAscii",
            overloads: [
                .receiver(id: "string_lower_ascii", on: .string, params: [], result: .string) { args in
                    guard case .string(let s) = args[0] else {
                        throw CELEvaluationError(.noMatchingOverload, "lowerAscii needs a string")
                    }
                    return .string(String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self))
                }
            ]
        )
    }

    private static func stringLists(_ args: [CELValue], _ name: String) throws -> ([String], [String]) {
        guard case .list(let a) = args[0], case .list(let b) = args[1] else {
            throw CELEvaluationError(.noMatchingOverload, "\(name) needs two lists of strings")
        }
        return (try strings(a, name), try strings(b, name))
    }

    /// The strings of a list, skipping nulls (a field a document does not set); any other element is an error,
    /// not a value passed over in silence.
    private static func strings(_ items: [CELValue], _ name: String) throws -> [String] {
        var result: [String] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            switch item {
            case .string(let string): result.append(string)
            case .null: continue
            default:
                throw CELEvaluationError(
                    .invalidArgument, "\(name) needs strings; element \(index) is \(item.celType.runtimeName)")
            }
        }
        return result
    }
}
