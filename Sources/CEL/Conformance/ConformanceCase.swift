import Foundation

/// One conformance case: compiles, evaluates and compares against the expectation.
struct ConformanceCase {
    let expression: String
    let expectation: [String: Any]
    let bindings: [String: CELValue]
    let disableCheck: Bool
    let hasTypeEnvironment: Bool

    init(_ json: [String: Any]) {
        expression = json["expr"] as? String ?? ""
        expectation = json["expect"] as? [String: Any] ?? [:]
        var bindings: [String: CELValue] = [:]
        for (name, value) in json["bindings"] as? [String: Any] ?? [:] {
            bindings[name] = ConformanceValue.decode(value)
        }
        self.bindings = bindings
        disableCheck = json["disable_check"] as? Bool ?? false
        hasTypeEnvironment = json["has_type_env"] as? Bool ?? false
    }

    /// Nil on success, otherwise a description of the mismatch.
    func run() -> String? {
        var environment = CELEnvironment(mode: disableCheck ? .dynamic : .checked)
        for (name, value) in bindings.sorted(by: { $0.key < $1.key }) {
            environment.declareVariable(name, hasTypeEnvironment ? ConformanceValue.inferType(value) : .dyn)
        }
        let program: CELProgram
        do {
            program = try environment.compile(expression)
        } catch {
            return "compile error: \(error.diagnostics.map(\.description).joined(separator: "; "))"
        }
        let result: Result<CELValue, CELEvaluationError>
        do {
            result = .success(try program.evaluate(environment.activation(bindings)))
        } catch {
            result = .failure(error)
        }
        if expectation["error"] != nil {
            if case .success(let value) = result { return "expected an error, got \(value.literal)" }
            return nil
        }
        if expectation["unknown"] != nil { return "unknown results are not supported" }
        guard let expectedJSON = expectation["value"], let expected = ConformanceValue.decode(expectedJSON) else {
            return "unreadable expectation"
        }
        switch result {
        case .failure(let error): return "expected \(expected.literal), got error: \(error)"
        case .success(let value):
            return value == expected ? nil : "expected \(expected.literal), got \(value.literal)"
        }
    }
}
