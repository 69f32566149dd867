import CEL
import XCTest

final class CostAndTimeTests: XCTestCase {
    func testCostLimitStopsLargeComprehensions() throws {
        var environment = CELEnvironment()
        environment.declareVariable("big", .list(.int))
        environment.declareVariable("flag", .bool)
        let activation = environment.activation([
            "big": .list((0..<300_000).map { .int(Int64($0)) }),
            "flag": .bool(true),
        ])
        let program = try environment.compile("big.all(x, x >= 0)")
        let error = try XCTUnwrap(catchEvaluation { try program.evaluate(activation) })
        XCTAssertEqual(error.kind, .costLimitExceeded)
        XCTAssertEqual(error.message, "cost limit exceeded")
        XCTAssertEqual(try program.evaluate(activation, costLimit: 10_000_000), .bool(true))
        let absorbed = try environment.compile("big.all(x, x >= 0) || flag")
        XCTAssertEqual(
            catchEvaluation { try absorbed.evaluate(activation) }?.kind, .costLimitExceeded,
            "the cost limit is never absorbed by || or &&")
    }

    func testAllowanceWidensEveryEvaluationOfItsActivation() throws {
        var environment = CELEnvironment()
        environment.declareVariable("big", .list(.int))
        var activation = environment.activation(["big": .list((0..<300_000).map { .int(Int64($0)) })])
        let once = try environment.compile("big.all(x, x >= 0)")
        let squared = try environment.compile("big.all(x, big.all(y, y >= 0))")
        activation.costAllowance = 64 * 300_000
        XCTAssertEqual(try once.evaluate(activation), .bool(true))
        XCTAssertEqual(try once.evaluate(reusing: &activation), .bool(true))
        XCTAssertEqual(
            catchEvaluation { try squared.evaluate(activation) }?.kind, .costLimitExceeded,
            "an allowance sized to the data does not cover an expression that compares it with itself")
        activation.costAllowance = Int.max
        XCTAssertEqual(try once.evaluateWithCost(activation).value, .bool(true), "a huge allowance saturates")
    }

    func testCostLimitStopsExponentialAndStringBuilding() throws {
        var nested = "true"
        for index in 0..<30 { nested = "[0, 1].all(v\(index), \(nested))" }
        XCTAssertEqual(evaluationError(nested)?.kind, .costLimitExceeded)
        let doubling =
            "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20].map(i, s + s + s + s + s + s + s + s)"
            + ".map(t, t + t + t + t).map(u, u + u + u + u + u + u)"
        XCTAssertEqual(
            evaluationError(
                doubling, ["s": .string(String(repeating: "x", count: 4096))],
                types: ["s": .string])?.kind, .costLimitExceeded)
        var environment = CELEnvironment()
        environment.costLimit = 5
        let small = try environment.compile("[1, 2, 3].map(x, x * 2)")
        XCTAssertEqual(catchEvaluation { try small.evaluate() }?.kind, .costLimitExceeded)
    }

    /// A pattern whose program keeps a thousand threads alive over every byte ran for seconds within its budget
    /// (a search was charged by the length of the text alone): the matcher's own steps are charged now, and the
    /// search stops when the budget cannot pay for them — for a constant pattern and one computed at runtime. An
    /// ordinary pattern over the same text still costs what the text's length says.
    func testARegexPaysForTheStepsItTakes() throws {
        var environment = CELEnvironment()
        environment.declareVariable("text", .string)
        environment.declareVariable("pattern", .string)
        let activation = environment.activation([
            "text": .string(String(repeating: "a", count: 64_000)),
            "pattern": .string("(?:a?){1000}b"),
        ])
        for source in ["text.matches('(?:a?){1000}b')", "text.matches(pattern)"] {
            let program = try environment.compile(source)
            XCTAssertEqual(catchEvaluation { try program.evaluate(activation) }?.kind, .costLimitExceeded, source)
        }
        let ordinary = try environment.compile("text.matches(r'(^|[;&|])(curl|wget)\\s')")
        let (value, cost) = try ordinary.evaluateWithCost(activation)
        XCTAssertEqual(value, .bool(false))
        XCTAssertEqual(cost, 1 + 64_000 / 4, "charged by the length of the text alone")
        let small = environment.activation([
            "text": .string(String(repeating: "a", count: 100) + "b"), "pattern": .string("(?:a?){1000}b"),
        ])
        XCTAssertEqual(try environment.compile("text.matches('(?:a?){1000}b')").evaluate(small), .bool(true))
    }

    func testCostIsReported() throws {
        var environment = CELEnvironment()
        environment.declareVariable("name", .string)
        let program = try environment.compile("name == 'a' && name.startsWith('a')")
        let result = try program.evaluateWithCost(environment.activation(["name": .string("a")]))
        XCTAssertEqual(result.value, .bool(true))
        XCTAssertEqual(result.cost, 2)
        let loop = try environment.compile("[1, 2, 3].map(x, x + 1)").evaluateWithCost(environment.activation())
        XCTAssertEqual(loop.cost, 6, "three iterations plus three additions")
    }

    func testTimestampsAndDurations() throws {
        XCTAssertEqual(
            try evaluate("timestamp('2024-02-28T23:00:00Z') + duration('1h2m3.5s')"),
            .timestamp(try XCTUnwrap(CELTimestamp(rfc3339: "2024-02-29T00:02:03.5Z"))))
        XCTAssertEqual(
            try evaluate("string(timestamp('2024-01-01T01:00:00+02:00'))"),
            .string("2023-12-31T23:00:00Z"))
        XCTAssertEqual(
            try evaluate("string(timestamp('2024-01-01T00:00:00.123456789Z') - timestamp(0))"),
            .string("1704067200.123456789s"))
        XCTAssertEqual(
            try evaluate("duration('1h') > duration('59m') && duration('-1.5s') < duration('0')"),
            .bool(true))
        XCTAssertEqual(
            try evaluate("duration('90m').getHours() + duration('1500ms').getMilliseconds()"),
            .int(501))
        let t = "timestamp('2024-03-10T07:30:45.250Z')"
        XCTAssertEqual(
            try evaluate(
                "[\(t).getFullYear(), \(t).getMonth(), \(t).getDate(), \(t).getDayOfMonth(), "
                    + "\(t).getDayOfYear(), \(t).getDayOfWeek(), \(t).getHours(), "
                    + "\(t).getMinutes(), \(t).getSeconds(), \(t).getMilliseconds()]"),
            .list([2024, 2, 10, 9, 69, 0, 7, 30, 45, 250].map { .int($0) }))
        XCTAssertEqual(try evaluate("\(t).getHours('America/New_York')"), .int(3), "DST started that day")
        XCTAssertEqual(try evaluate("\(t).getHours('-05:30')"), .int(2))
        XCTAssertEqual(
            try evaluate("\(t).getHours(tz)", ["tz": .string("Asia/Tokyo")], types: ["tz": .string]),
            .int(16))
        XCTAssertEqual(
            evaluationError(
                "\(t).getHours(tz)", ["tz": .string("Nowhere/City")],
                types: ["tz": .string])?.kind, .invalidArgument)
        XCTAssertNotNil(compileDiagnostics("\(t).getHours('Nowhere/City')").first)
        XCTAssertEqual(evaluationError("timestamp('9999-12-31T23:59:59Z') + duration('1s')")?.kind, .overflow)
        XCTAssertEqual(evaluationError("timestamp('2024-13-01T00:00:00Z')")?.kind, .invalidArgument)
        XCTAssertEqual(evaluationError("timestamp('2023-02-29T00:00:00Z')")?.kind, .invalidArgument)
        XCTAssertEqual(evaluationError("duration('1x')")?.kind, .invalidArgument)
        XCTAssertEqual(evaluationError("duration('300y')")?.kind, .invalidArgument)
        XCTAssertEqual(evaluationError("duration('2562048h')")?.kind, .invalidArgument)
    }

    private func catchEvaluation(_ body: () throws -> CELValue) -> CELEvaluationError? {
        do {
            let value = try body()
            XCTFail("expected an evaluation error, got \(value.literal)")
        } catch let error as CELEvaluationError {
            return error
        } catch {
            XCTFail("expected an evaluation error, got \(error)")
        }
        return nil
    }
}
