import CEL
import Foundation
import XCTest

final class ParserTests: XCTestCase {
    private func diagnostic(
        _ expression: String, file: StaticString = #filePath, line: UInt = #line
    )
        -> CELDiagnostic?
    {
        compileDiagnostics(expression, file: file, line: line).first
    }

    func testErrorAtEndOfInput() throws {
        let error = try XCTUnwrap(diagnostic("1 + "))
        XCTAssertEqual(error.offset, 4)
        XCTAssertEqual(error.line, 1)
        XCTAssertEqual(error.column, 5)
        XCTAssertTrue(error.message.contains("expected an expression"), error.message)
    }

    func testErrorPositionOnSecondLine() throws {
        let error = try XCTUnwrap(diagnostic("true &&\n  (1 +)"))
        XCTAssertEqual(error.offset, 14)
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(error.column, 7)
    }

    func testColumnsCountCodePointsNotBytes() throws {
        let error = try XCTUnwrap(diagnostic("'héllo' + )"))
        XCTAssertEqual(error.offset, 11)
        XCTAssertEqual(error.column, 11)
    }

    func testCompileErrorDescriptionPointsAtColumn() {
        do {
            _ = try CELEnvironment().compile("1 +\n  'a' + ]")
            XCTFail("expected a compile error")
        } catch {
            XCTAssertEqual(
                error.description,
                "ERROR: <input>:2:9: unexpected ']'; expected an expression\n"
                    + " |   'a' + ]\n | ........^")
        }
    }

    func testReservedIdentifiersAreRejected() throws {
        let error = try XCTUnwrap(diagnostic("if + 1"))
        XCTAssertEqual(error.message, "reserved identifier 'if'")
        XCTAssertEqual(error.column, 1)
        XCTAssertNotNil(diagnostic("1 + while"))
        XCTAssertEqual(try evaluate("{'if': 1}.if"), .int(1), "reserved words are fine as field names")
    }

    func testLiteralErrors() throws {
        XCTAssertEqual(try XCTUnwrap(diagnostic("\"abc")).message, "unterminated string literal")
        XCTAssertEqual(try XCTUnwrap(diagnostic("'a\nb'")).offset, 0)
        let escape = try XCTUnwrap(diagnostic("\"a\\qb\""))
        XCTAssertEqual(escape.offset, 2)
        XCTAssertTrue(escape.message.contains("invalid escape"), escape.message)
        XCTAssertNotNil(diagnostic("b'\\u00ff'"), "\\u is not allowed in bytes")
        XCTAssertNotNil(diagnostic("'\\ud800'"), "surrogates are not code points")
        XCTAssertNotNil(diagnostic("9223372036854775808"))
        XCTAssertNotNil(diagnostic("18446744073709551616u"))
        XCTAssertNotNil(diagnostic("0x"))
        XCTAssertNotNil(diagnostic("1 = 1"))
    }

    func testLiteralForms() throws {
        XCTAssertEqual(try evaluate("-9223372036854775808"), .int(Int64.min))
        XCTAssertEqual(try evaluate("0xFFu"), .uint(255))
        XCTAssertEqual(try evaluate("-0x10"), .int(-16))
        XCTAssertEqual(try evaluate(".5e1"), .double(5))
        XCTAssertEqual(try evaluate("1e3"), .double(1000))
        XCTAssertEqual(try evaluate("--5"), .int(5))
        XCTAssertEqual(try evaluate("'''a'b''c'''"), .string("a'b''c"))
        XCTAssertEqual(try evaluate("r'\\d+'"), .string("\\d+"))
        XCTAssertEqual(try evaluate("b'\\377\\x41'"), .bytes([0xFF, 0x41]))
        XCTAssertEqual(try evaluate("'\\377'"), .string("\u{FF}"))
        XCTAssertEqual(try evaluate("'\\U0001F431'"), .string("🐱"))
        XCTAssertEqual(try evaluate("[1, 2,]"), .list([.int(1), .int(2)]), "trailing comma")
        XCTAssertEqual(try evaluate("{'a': 1,}.a"), .int(1))
        XCTAssertEqual(try evaluate("1 + // comment\n 2"), .int(3))
    }

    func testPrecedenceAndAssociativity() throws {
        XCTAssertEqual(try evaluate("1 + 2 * 3"), .int(7))
        XCTAssertEqual(try evaluate("10 - 4 - 3"), .int(3))
        XCTAssertEqual(try evaluate("100 / 10 / 5"), .int(2))
        XCTAssertEqual(try evaluate("true || false && false"), .bool(true))
        XCTAssertEqual(try evaluate("!true == false"), .bool(true))
        XCTAssertEqual(try evaluate("-2 * 3 < -5 == true"), .bool(true))
        XCTAssertEqual(try evaluate("false ? 1 : true ? 2 : 3"), .int(2))
        XCTAssertEqual(try evaluate("1 in [1] == true"), .bool(true))
        XCTAssertEqual(try evaluate("-[1, 2][0]"), .int(-1))
    }

    func testNestingLimit() throws {
        let limit = CELEnvironment.maxExpressionDepth
        let deepParens = String(repeating: "(", count: limit + 1) + "1" + String(repeating: ")", count: limit + 1)
        let error = try XCTUnwrap(diagnostic(deepParens))
        XCTAssertTrue(error.message.contains("maximum depth of \(limit)"), error.message)
        let longSum = Array(repeating: "1", count: limit + 2).joined(separator: " + ")
        XCTAssertNotNil(diagnostic(longSum), "left-deep chains count towards the depth")
        let okSum = Array(repeating: "1", count: limit - 1).joined(separator: " + ")
        XCTAssertEqual(try evaluate(okSum), .int(Int64(limit - 1)))
        let okParens = String(repeating: "(", count: limit - 1) + "1" + String(repeating: ")", count: limit - 1)
        XCTAssertEqual(try evaluate(okParens), .int(1))
        let longOr = Array(repeating: "false", count: 5000).joined(separator: " || ") + " || true"
        XCTAssertEqual(try evaluate(longOr), .bool(true), "logical chains are balanced")
    }

    /// The deepest accepted expressions of every nesting form compile and evaluate on a thread with a small
    /// stack (512 KiB optimized; debug builds use about four times more stack per level, so they get 1 MiB).
    func testDeepestExpressionsFitSmallStack() {
        let depth = CELEnvironment.maxExpressionDepth - 1
        func nest(_ open: String, _ inner: String, _ close: String, _ count: Int) -> String {
            String(repeating: open, count: count) + inner + String(repeating: close, count: count)
        }
        let expressions = [
            nest("(", "7", ")", depth),
            nest("[", "1", "]", depth - 1),
            nest("{1: ", "1", "}", depth - 1),
            nest("int(", "1", ")", depth - 1),
            nest("[0][", "0", "]", depth - 1),
            nest("-(", "1", ")", depth - 1),
            nest("1 + (", "1", ")", depth / 2),
            nest("true && (", "true", ")", depth / 2),
            nest("[0].map(x, ", "x", ")", depth / 3),
            nest("[0].exists(x, ", "true", ")", depth / 3),
            String(repeating: "true ? 1 : ", count: depth - 1) + "2",
            Array(repeating: "1", count: depth).joined(separator: " + "),
            String(repeating: "!", count: depth - 1) + "true",
        ]
        #if DEBUG
            let stackSize = 1024 * 1024
        #else
            let stackSize = 512 * 1024
        #endif
        let done = DispatchSemaphore(value: 0)
        let results = ResultBox()
        let thread = Thread {
            for expression in expressions {
                do {
                    _ = try CELEnvironment().compile(expression).evaluate()
                    results.append(true)
                } catch {
                    results.append(false)
                }
            }
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        XCTAssertEqual(results.values, Array(repeating: true, count: expressions.count))
    }

    func testUnsupportedSyntaxErrorsCleanly() throws {
        let message = try XCTUnwrap(diagnostic("Foo{a: 1}"))
        XCTAssertEqual(message.message, "message construction 'Foo{...}' is not supported")
        XCTAssertNotNil(diagnostic("a.?b"))
        XCTAssertNotNil(diagnostic("[?1]"))
        XCTAssertNotNil(diagnostic("{?'a': 1}"))
        var dynamic = CELEnvironment(mode: .dynamic)
        dynamic.declareVariable("a", .dyn)
        XCTAssertNotNil(compileDiagnostics("a.b.Foo{x: 1}", environment: dynamic).first)
    }

    func testMacroArgumentErrors() throws {
        XCTAssertTrue(try XCTUnwrap(diagnostic("has(1)")).message.contains("has()"))
        XCTAssertTrue(try XCTUnwrap(diagnostic("[1].all(1, true)")).message.contains("simple name"))
        XCTAssertNotNil(diagnostic("[1].exists(i, i, true)"), "two-variable forms need distinct names")
    }

    func testQuotedFieldNames() throws {
        XCTAssertEqual(try evaluate("{'a-b': 1}.`a-b`"), .int(1))
        XCTAssertEqual(try evaluate("has({'a.b': 1}.`a.b`)"), .bool(true))
        XCTAssertNotNil(diagnostic("`a`"))
    }
}

/// Thread-safe collector for results produced on another thread.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Bool] = []

    func append(_ value: Bool) {
        lock.lock()
        storage.append(value)
        lock.unlock()
    }

    var values: [Bool] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
