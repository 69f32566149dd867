import CEL
import XCTest

/// A package-like host message used by the tests.
struct TestPackage: CELObject {
    var name: String?
    var version: String?
    var files: [String]?
    var size: Int64?
    var maintainer: TestPerson?
    var labels: [String: String]?
    var published: CELTimestamp?

    var celTypeName: String { "tollgate.Package" }

    func celField(_ field: String) -> CELValue? {
        switch field {
        case "name": return name.map { .string($0) }
        case "version": return version.map { .string($0) }
        case "files": return files.map { .strings($0) }
        case "size": return size.map { .int($0) }
        case "maintainer": return maintainer.map { .object($0) }
        case "labels": return labels.map { .map(CELMap($0.mapValues { .string($0) })) }
        case "published": return published.map { .timestamp($0) }
        default: return nil
        }
    }

    var celFieldNames: [String] {
        ["name", "version", "files", "size", "maintainer", "labels", "published"].filter { celField($0) != nil }
    }
}

/// A nested host message.
struct TestPerson: CELObject {
    var email: String?
    var celTypeName: String { "tollgate.Person" }
    func celField(_ field: String) -> CELValue? { field == "email" ? email.map { .string($0) } : nil }
    var celFieldNames: [String] { email == nil ? [] : ["email"] }
}

/// Field layout of the test messages.
struct TestProvider: CELTypeProvider {
    func hasMessageType(_ typeName: String) -> Bool { typeName.hasPrefix("tollgate.") }

    func fieldType(of typeName: String, field: String) -> CELType? {
        switch (typeName, field) {
        case ("tollgate.Package", "name"): return .string
        case ("tollgate.Package", "version"): return .nullable(.string)
        case ("tollgate.Package", "files"): return .list(.string)
        case ("tollgate.Package", "size"): return .nullable(.int)
        case ("tollgate.Package", "maintainer"): return .message("tollgate.Person")
        case ("tollgate.Package", "labels"): return .map(.string, .string)
        case ("tollgate.Package", "published"): return .timestamp
        case ("tollgate.Person", "email"): return .string
        default: return nil
        }
    }
}

/// Compiles and evaluates `expression` in a fresh environment (checked unless `dynamic`).
func evaluate(
    _ expression: String, dynamic: Bool = false, _ bindings: [String: CELValue] = [:],
    types: [String: CELType] = [:]
) throws -> CELValue {
    var environment = CELEnvironment(typeProvider: TestProvider(), mode: dynamic ? .dynamic : .checked)
    for name in Set(bindings.keys).union(types.keys).sorted() {
        environment.declareVariable(name, types[name] ?? .dyn)
    }
    let program = try environment.compile(expression)
    return try program.evaluate(environment.activation(bindings))
}

/// The evaluation error of `expression`, failing the test when it compiles with errors or succeeds.
func evaluationError(
    _ expression: String, dynamic: Bool = false, _ bindings: [String: CELValue] = [:],
    types: [String: CELType] = [:], file: StaticString = #filePath, line: UInt = #line
)
    -> CELEvaluationError?
{
    do {
        let value = try evaluate(expression, dynamic: dynamic, bindings, types: types)
        XCTFail("expected an evaluation error for \(expression), got \(value.literal)", file: file, line: line)
    } catch let error as CELEvaluationError {
        return error
    } catch {
        XCTFail("expected an evaluation error for \(expression), got \(error)", file: file, line: line)
    }
    return nil
}

/// The compile diagnostics of `expression`, failing the test when it compiles.
func compileDiagnostics(
    _ expression: String, environment: CELEnvironment = CELEnvironment(),
    file: StaticString = #filePath, line: UInt = #line
) -> [CELDiagnostic] {
    do {
        _ = try environment.compile(expression)
        XCTFail("expected a compile error for \(expression)", file: file, line: line)
    } catch {
        return error.diagnostics
    }
    return []
}
