import CEL
import Foundation
import XCTest

final class EvaluationTests: XCTestCase {
    func testIntegerOverflowIsAnError() {
        for expression in [
            "9223372036854775807 + 1", "-9223372036854775808 - 1", "4611686018427387904 * 2",
            "-(-9223372036854775808)", "-9223372036854775808 / -1", "-9223372036854775808 % -1",
            "0u - 1u", "18446744073709551615u + 1u", "4294967296u * 4294967296u",
            "int(9223372036854775807u + 1u)", "uint(-1)", "int(1e19)", "int(double('nan'))", "uint(1e20)",
        ] {
            XCTAssertEqual(evaluationError(expression)?.kind, .overflow, expression)
        }
        XCTAssertEqual(try evaluate("9223372036854775806 + 1"), .int(Int64.max))
        XCTAssertEqual(try evaluate("int(-1.9)"), .int(-1))
    }

    func testDivisionByZero() {
        XCTAssertEqual(evaluationError("1 / 0")?.message, "division by zero")
        XCTAssertEqual(evaluationError("1u % 0u")?.message, "modulus by zero")
        XCTAssertEqual(try evaluate("1.0 / 0.0"), .double(.infinity))
    }

    func testErrorLocationIsReported() throws {
        let error = try XCTUnwrap(evaluationError("1 +\n 10 / x", ["x": .int(0)], types: ["x": .int]))
        XCTAssertEqual(error.location, CELSourceLocation(offset: 8, line: 2, column: 5))
        XCTAssertEqual(error.description, "2:5: division by zero")
    }

    func testLogicalOperatorsAbsorbErrorsCommutatively() throws {
        XCTAssertEqual(try evaluate("false && 1 / 0 == 1"), .bool(false))
        XCTAssertEqual(try evaluate("1 / 0 == 1 && false"), .bool(false))
        XCTAssertEqual(try evaluate("true || 1 / 0 == 1"), .bool(true))
        XCTAssertEqual(try evaluate("1 / 0 == 1 || true"), .bool(true))
        XCTAssertEqual(evaluationError("1 / 0 == 1 || false")?.kind, .divisionByZero)
        XCTAssertEqual(evaluationError("true && 1 / 0 == 1")?.kind, .divisionByZero)
        XCTAssertEqual(try evaluate("x && false", types: ["x": .bool]), .bool(false), "unbound variable absorbed")
        XCTAssertEqual(evaluationError("x && true", types: ["x": .bool])?.kind, .unboundVariable)
        XCTAssertEqual(try evaluate("'a' || true", dynamic: true), .bool(true))
        XCTAssertEqual(evaluationError("'a' || false", dynamic: true)?.kind, .noMatchingOverload)
        XCTAssertEqual(try evaluate("[1, 0].exists(x, 1 / x == 1)"), .bool(true))
        XCTAssertEqual(try evaluate("[0, 1].all(x, 1 / x == 2)"), .bool(false))
        XCTAssertEqual(evaluationError("[0, 1].all(x, 1 / x == 1)")?.kind, .divisionByZero)
        XCTAssertEqual(evaluationError("1 / 0 == 1 ? 1 : 2")?.kind, .divisionByZero)
    }

    func testHeterogeneousNumbers() throws {
        XCTAssertEqual(try evaluate("1 == 1u && 1u == 1.0 && 1.0 == 1"), .bool(true))
        XCTAssertEqual(try evaluate("1 < 1.5 && 2u > 1 && -1 < 0u"), .bool(true))
        XCTAssertEqual(try evaluate("double('nan') == double('nan')"), .bool(false))
        XCTAssertEqual(try evaluate("[1, 2.0] == [1u, 2]"), .bool(true))
        XCTAssertEqual(try evaluate("{1: 'a'}[dyn(1u)] + {1u: 'b'}[dyn(1.0)]"), .string("ab"))
        XCTAssertEqual(try evaluate("2.0 in {2: 'x'} && !(2.5 in {2: 'x'})"), .bool(true))
        XCTAssertEqual(evaluationError("{1: 'a', 1u: 'b'}")?.kind, .invalidArgument)
        XCTAssertEqual(evaluationError("{1.5: 'a'}", dynamic: true)?.kind, .invalidArgument)
    }

    func testListsAndMaps() throws {
        XCTAssertEqual(try evaluate("[1, 2] + [3]"), .list([.int(1), .int(2), .int(3)]))
        XCTAssertEqual(try evaluate("{'a': [1]} == dyn({'a': [1.0]})"), .bool(true))
        XCTAssertEqual(evaluationError("[1, 2][2]")?.kind, .indexOutOfRange)
        XCTAssertEqual(evaluationError("[1, 2][-1]")?.kind, .indexOutOfRange)
        XCTAssertEqual(evaluationError("{'a': 1}['b']")?.message, "no such key: \"b\"")
        XCTAssertEqual(
            evaluationError(
                "m.b", ["m": .map(CELMap(["a": .int(1)]))],
                types: ["m": .map(.string, .int)])?.message, "no such key: 'b'")
        XCTAssertEqual(
            try evaluate(
                "has(m.a) && !has(m.b)", ["m": .map(CELMap(["a": .int(1)]))],
                types: ["m": .map(.string, .int)]), .bool(true))
        XCTAssertEqual(try evaluate("size({'a': 1, 'b': 2}) + size('héllo') + size(b'ab')"), .int(9))
        XCTAssertEqual(
            try evaluate("{'a': 1, 'b': 2}.transformList(k, v, k + string(v))"),
            .strings(["a1", "b2"]))
        XCTAssertEqual(
            try evaluate("[3, 4].transformMap(i, v, v * i)"),
            .map(
                try CELMap(entries: [
                    (key: .int(0), value: .int(0)), (key: .int(1), value: .int(4)),
                ])))
        XCTAssertEqual(try evaluate("[1, 2, 3].map(x, x > 1, x * 10)"), .list([.int(20), .int(30)]))
        XCTAssertEqual(try evaluate("[1, 2, 3].exists_one(x, x > 2)"), .bool(true))
    }

    func testStringsCompareByCodePointsWithoutNormalization() throws {
        XCTAssertEqual(try evaluate("'e\\u0301' == '\\u00e9'"), .bool(false))
        XCTAssertEqual(try evaluate("'e\\u0301'.startsWith('e')"), .bool(true))
        XCTAssertEqual(try evaluate("{'e\\u0301': 1, '\\u00e9': 2}['\\u00e9']"), .int(2))
        XCTAssertEqual(try evaluate("'a' < 'b' && 'B' < 'a' && 'z' < 'é'"), .bool(true))
        XCTAssertEqual(
            try evaluate("'straße'.contains('aß') && 'abc'.endsWith('') && !''.contains('a')"),
            .bool(true))
    }

    func testRegularExpressions() throws {
        XCTAssertEqual(try evaluate("'libfoo1'.matches('^lib[a-z]+[0-9]$')"), .bool(true))
        XCTAssertEqual(try evaluate("matches('xabcx', 'b')"), .bool(true), "unanchored search")
        XCTAssertEqual(
            try evaluate("'abc'.matches(p)", ["p": .string("^a.c$")], types: ["p": .string]),
            .bool(true))
        XCTAssertTrue(
            compileDiagnostics("'a'.matches('(')").first?.message.contains("invalid regular expression")
                ?? false)
        XCTAssertEqual(
            evaluationError("'a'.matches(p)", ["p": .string("(")], types: ["p": .string])?.kind,
            .invalidArgument)
    }

    func testConversions() throws {
        XCTAssertEqual(
            try evaluate("string(1.5) + string(-2) + string(3u) + string(true)"),
            .string("1.5-23true"))
        XCTAssertEqual(try evaluate("string(1e6)"), .string("1e+06"))
        XCTAssertEqual(try evaluate("int('-42') + int(2.9)"), .int(-40))
        XCTAssertEqual(try evaluate("bytes('ÿ')"), .bytes([0xC3, 0xBF]))
        XCTAssertEqual(evaluationError("string(b'\\xff')")?.kind, .invalidArgument)
        XCTAssertEqual(evaluationError("int('12a')")?.kind, .invalidArgument)
        XCTAssertEqual(try evaluate("dyn(1) == 1 && type(dyn([1])) == list"), .bool(true))
    }

    func testUnboundVariableIsAnError() throws {
        let error = try XCTUnwrap(evaluationError("name == 'x'", types: ["name": .string]))
        XCTAssertEqual(error.kind, .unboundVariable)
        XCTAssertEqual(error.message, "no value is bound for variable 'name'")
    }

    func testProgramsListTheVariablesTheyReferTo() throws {
        var environment = CELEnvironment()
        let a = environment.declareVariable("a", .int)
        let b = environment.declareVariable("b", .list(.int))
        let c = environment.declareVariable("c.d", .bool)
        _ = environment.declareVariable("unused", .int)
        XCTAssertEqual(try environment.compile("a + 1 == 2").variableSlots, [a.index])
        XCTAssertEqual(
            try environment.compile("b.exists(a, a > 0)").variableSlots, [b.index], "a is bound by the macro")
        XCTAssertEqual(try environment.compile("c.d || b.all(x, x == a)").variableSlots, [a.index, b.index, c.index])
        XCTAssertEqual(try environment.compile("[1].exists(x, x == 1)").variableSlots, [])
    }

    func testProgramsAreReusableAndThreadSafe() throws {
        var environment = CELEnvironment()
        let slot = environment.declareVariable("n", .int)
        let program = try environment.compile("[1, 2, 3].map(x, x * n).exists(y, y == n * 3)")
        let shared = environment
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            var activation = shared.activation()
            activation[slot] = .int(Int64(index))
            XCTAssertEqual(try? program.evaluate(activation), .bool(true))
        }
    }
}
