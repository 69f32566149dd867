import CEL
import XCTest

final class CheckerTests: XCTestCase {
    private func environment() -> CELEnvironment {
        var environment = CELEnvironment(typeProvider: TestProvider())
        environment.declareVariable("name", .string)
        environment.declareVariable("files", .list(.string))
        environment.declareVariable("pkg", .message("tollgate.Package"))
        environment.declareVariable("anything", .dyn)
        return environment
    }

    private func resultType(
        _ expression: String, file: StaticString = #filePath, line: UInt = #line
    ) throws
        -> CELType
    {
        try environment().compile(expression).resultType
    }

    func testResultTypes() throws {
        XCTAssertEqual(try resultType("name.startsWith('lib') && size(files) > 3"), .bool)
        XCTAssertEqual(try resultType("size(files)"), .int)
        XCTAssertEqual(try resultType("files"), .list(.string))
        XCTAssertEqual(try resultType("files[0]"), .string)
        XCTAssertEqual(try resultType("[1, 'a']"), .list(.dyn))
        XCTAssertEqual(try resultType("{'a': 1}"), .map(.string, .int))
        XCTAssertEqual(try resultType("pkg.version"), .nullable(.string))
        XCTAssertEqual(try resultType("pkg.maintainer.email"), .string)
        XCTAssertEqual(try resultType("pkg.labels['team']"), .string)
        XCTAssertEqual(try resultType("files.map(f, size(f))"), .list(.int))
        XCTAssertEqual(try resultType("files.filter(f, f.endsWith('.so'))"), .list(.string))
        XCTAssertEqual(try resultType("{'a': 1}.transformMap(k, v, v * 2)"), .map(.string, .int))
        XCTAssertEqual(try resultType("anything + 1"), .int)
        XCTAssertEqual(try resultType("anything"), .dyn)
        XCTAssertEqual(try resultType("type(name)"), .type)
        XCTAssertEqual(try resultType("true ? null : pkg"), .message("tollgate.Package"))
        XCTAssertEqual(try resultType("timestamp('2024-01-01T00:00:00Z') - timestamp(0)"), .duration)
    }

    func testRequiredResultType() throws {
        let environment = environment()
        XCTAssertNoThrow(try environment.compile("name == 'x'", expecting: .bool))
        XCTAssertNoThrow(try environment.compile("anything", expecting: .bool), "dyn is checked at runtime")
        do {
            _ = try environment.compile("size(files)", expecting: .bool)
            XCTFail("expected a result type error")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.message), ["expression has type 'int', but 'bool' is required"])
        }
    }

    func testHeterogeneousNumericComparisonsCheck() throws {
        XCTAssertEqual(try resultType("1 == 1u"), .bool)
        XCTAssertEqual(try resultType("1 < 1.5"), .bool)
        XCTAssertEqual(try resultType("2u >= 1"), .bool)
        XCTAssertEqual(try resultType("1 in [1.0, 2.0]"), .bool)
    }

    func testUndeclaredReference() throws {
        let diagnostics = compileDiagnostics("name + foo", environment: environment())
        XCTAssertEqual(diagnostics.map(\.message), ["undeclared reference to 'foo'"])
        XCTAssertEqual(diagnostics.first?.column, 8)
        XCTAssertEqual(
            compileDiagnostics("bar(1)", environment: environment()).first?.message,
            "undeclared reference to 'bar'")
    }

    func testNoSuchField() throws {
        let diagnostic = try XCTUnwrap(compileDiagnostics("pkg.bar == 1", environment: environment()).first)
        XCTAssertEqual(diagnostic.message, "no such field 'bar' on type 'tollgate.Package'")
        XCTAssertEqual(diagnostic.column, 5)
        XCTAssertEqual(
            compileDiagnostics("has(pkg.bar)", environment: environment()).first?.message,
            "no such field 'bar' on type 'tollgate.Package'")
        XCTAssertEqual(
            compileDiagnostics("size(files).x", environment: environment()).first?.message,
            "type 'int' does not support field selection")
    }

    func testNoMatchingOverload() throws {
        let diagnostic = try XCTUnwrap(compileDiagnostics("1 + 'a'", environment: environment()).first)
        XCTAssertEqual(diagnostic.message, "found no matching overload for '_+_' applied to '(int, string)'")
        XCTAssertEqual(diagnostic.column, 3)
        XCTAssertEqual(
            compileDiagnostics("name.startsWith(1)", environment: environment()).first?.message,
            "found no matching overload for 'startsWith' applied to 'string.(int)'")
        XCTAssertNotNil(compileDiagnostics("true ? 1 : 'a'", environment: environment()).first)
        XCTAssertNotNil(compileDiagnostics("!1", environment: environment()).first)
        XCTAssertNotNil(compileDiagnostics("1 == null", environment: environment()).first)
        XCTAssertNotNil(compileDiagnostics("files.all(f, f)", environment: environment()).first)
        XCTAssertNotNil(compileDiagnostics("size(1).all(x, true)", environment: environment()).first)
        XCTAssertNotNil(compileDiagnostics("{[1]: 2}", environment: environment()).first)
    }

    func testAllDiagnosticsAreReportedInSourceOrder() {
        let diagnostics = compileDiagnostics("foo + bar + pkg.baz", environment: environment())
        XCTAssertEqual(
            diagnostics.map(\.message),
            [
                "undeclared reference to 'foo'", "undeclared reference to 'bar'",
                "no such field 'baz' on type 'tollgate.Package'",
            ])
        XCTAssertEqual(diagnostics.map(\.offset), [0, 6, 16])
    }

    func testComprehensionVariablesShadowDeclarations() throws {
        var environment = environment()
        let program = try environment.compile("files.exists(name, name == 'b')")
        XCTAssertEqual(
            try program.evaluate(
                environment.activation([
                    "files": .strings(["a", "b"]),
                    "name": .string("zzz"),
                ])), .bool(true))
        environment.declareVariable("a.b", .string)
        XCTAssertEqual(try environment.compile("[{'b': 1}].all(a, a.b == 1)").evaluate(), .bool(true))
    }

    func testQualifiedVariableNamesPreferLongestMatch() throws {
        var environment = CELEnvironment()
        environment.declareVariable("a.b", .map(.string, .string))
        environment.declareVariable("a.b.c", .int)
        let program = try environment.compile("a.b.c")
        XCTAssertEqual(program.resultType, .int)
        XCTAssertEqual(
            try program.evaluate(
                environment.activation([
                    "a.b.c": .int(7),
                    "a.b": .map(CELMap(["c": .string("x")])),
                ])),
            .int(7))
        XCTAssertEqual(try environment.compile("(a.b).c").resultType, .string)
    }

    func testDynamicModeDefersErrorsToRuntime() throws {
        let dynamic = CELEnvironment(mode: .dynamic)
        XCTAssertEqual(try dynamic.compile("foo + 1").resultType, .dyn)
        XCTAssertEqual(try dynamic.compile("f_unknown(1) || true").evaluate(), .bool(true))
        XCTAssertEqual(evaluationError("f_unknown(1)", dynamic: true)?.kind, .unboundFunction)
        XCTAssertEqual(evaluationError("foo", dynamic: true)?.kind, .unboundVariable)
        XCTAssertEqual(evaluationError("1 + 'a'", dynamic: true)?.kind, .noMatchingOverload)
        XCTAssertEqual(try evaluate("true ? 'a' : 1", dynamic: true), .string("a"))
        XCTAssertEqual(try evaluate("x + 1", dynamic: true, ["x": .int(2)]), .int(3))
        XCTAssertNotNil(compileDiagnostics("foo + 1").first, "checked mode rejects the same expression")
    }

    func testDynVariablesCheckAtRuntime() throws {
        XCTAssertEqual(try evaluate("x + 1", ["x": .int(1)], types: ["x": .dyn]), .int(2))
        XCTAssertEqual(
            evaluationError("x + 1", ["x": .string("a")], types: ["x": .dyn])?.kind,
            .noMatchingOverload)
    }

    func testTypeDenotations() throws {
        var environment = environment()
        environment.declareMessageType("tollgate.Release")
        XCTAssertEqual(
            try environment.compile("type(pkg) == tollgate.Package").evaluate(
                environment.activation(["pkg": .object(TestPackage())])), .bool(true))
        XCTAssertEqual(try environment.compile("tollgate.Release").evaluate(), .type(.message("tollgate.Release")))
        XCTAssertEqual(try evaluate("type(1) == int && type('a') != int && type(type(1)) == type"), .bool(true))
        XCTAssertEqual(try evaluate("type(timestamp(0)) == google.protobuf.Timestamp"), .bool(true))
    }
}
