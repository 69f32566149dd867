import XCTest

@testable import LinearRegex

/// Which patterns compile, and how invalid ones are reported (error code and scalar offset).
final class SyntaxTests: XCTestCase {
    func testAcceptedPatterns() {
        let accepted = [
            "", "|", "a|", "|a", "()", "(?:)", "(?i)", "(?)", "^*", "$+", "\\b+", "(?:^)*",
            "a{,2}", "a{", "{", "}", "]", "a{2}{", "x{2,}", "x{0,1000}", "a{1000}", "(a{1000})",
            "((a{10}){10}){10}", "(?:(?:a{2}){2}){250}",
            "[[:alpha:][:digit:]]", "[[:^space:]]", "[a-b-c]", "[]a]", "[^]a]", "[a-]", "[-a]",
            "\\Q*+?{[\\E", "\\Q\\\\E", "\\Qabc", "\\Q\\E",
            "(?P<name>a)", "(?<name>a)", "(?P<n1>a)(?P<n2>b)", "(?P<_x9>a)", "(?P<名前>a)",
            "(?i:a)(?-i:b)", "(?ims-U:a)", "(?i)(?m)(?s)(?U)", "(?-i)a", "(?i-msU)a",
            "\\x{10FFFF}", "\\x{0}", "\\x7f", "\\x7F", "\\0", "\\07", "\\123", "\\12", "\\1234",
            "[\\d\\s\\w\\pL\\p{Greek}\\P{Han}\\D\\S\\W]", "\\p{^Greek}", "\\P{^Greek}", "\\pN", "\\p{Lu}",
            "\\p{Cyrillic}", "\\p{Any}", "[^\\x00-\\x{10FFFF}]", ".", "\\A\\z", "\\_", "\\ ", "\\-",
            "[\\]]", "[\\[]", "[\\-]", "x*?y+?z??w{1,2}?v{3}?u{4,}?", "(?U)a*", "a\\Q\\E*",
            String(repeating: "(", count: 1000) + "a" + String(repeating: ")", count: 1000),
        ]
        for pattern in accepted {
            XCTAssertNoThrow(try LinearRegex(pattern), "should accept \(pattern.debugDescription)")
        }
    }

    /// A rejected pattern with its expected error code and scalar offset.
    struct Rejection {
        let pattern: String
        let code: LinearRegexError.Code
        let offset: Int
        let line: UInt

        init(_ pattern: String, _ code: LinearRegexError.Code, _ offset: Int, line: UInt = #line) {
            self.pattern = pattern
            self.code = code
            self.offset = offset
            self.line = line
        }
    }

    func testRejectedPatterns() {
        let rejected: [Rejection] = [
            // Parentheses.
            Rejection("(", .missingParen, 0),
            Rejection("(a", .missingParen, 0),
            Rejection("a(b(c)", .missingParen, 1),
            Rejection("(a|b|", .missingParen, 0),
            Rejection("(?i", .missingParen, 0),
            Rejection("x(?", .missingParen, 1),
            Rejection(")", .unexpectedParen, 0),
            Rejection("a)", .unexpectedParen, 1),
            Rejection("(a))", .unexpectedParen, 3),
            // Brackets and ranges.
            Rejection("[a", .missingBracket, 0),
            Rejection("x[a-z", .missingBracket, 1),
            Rejection("[]", .missingBracket, 0),
            Rejection("[^]", .missingBracket, 0),
            Rejection("([a-z)", .missingBracket, 1),
            Rejection("[a-", .missingBracket, 0),
            Rejection("[z-a]", .invalidCharRange, 1),
            Rejection("ab[b-a]", .invalidCharRange, 3),
            Rejection("(?i)[a-Z]", .invalidCharRange, 5),
            Rejection("[\\x{100}-\\x{50}]", .invalidCharRange, 1),
            Rejection("[a-\\d]", .invalidEscape, 3),
            Rejection("[[:foo:]]", .invalidCharClass, 1),
            Rejection("[[:^foo:]]", .invalidCharClass, 1),
            // Repetition.
            Rejection("*a", .missingRepeatArgument, 0),
            Rejection("+", .missingRepeatArgument, 0),
            Rejection("?", .missingRepeatArgument, 0),
            Rejection("a|*", .missingRepeatArgument, 2),
            Rejection("(*)", .missingRepeatArgument, 1),
            Rejection("(?i)*", .missingRepeatArgument, 4),
            Rejection("{2}", .missingRepeatArgument, 0),
            Rejection("(?:{2,3})", .missingRepeatArgument, 3),
            Rejection("a**", .invalidRepeatOperator, 1),
            Rejection("a*+", .invalidRepeatOperator, 1),
            Rejection("a++", .invalidRepeatOperator, 1),
            Rejection("a?*", .invalidRepeatOperator, 1),
            Rejection("a??+", .invalidRepeatOperator, 1),
            Rejection("a*??", .invalidRepeatOperator, 1),
            Rejection("a{2}{3}", .invalidRepeatOperator, 1),
            Rejection("a{2}*", .invalidRepeatOperator, 1),
            Rejection("a*{2}", .invalidRepeatOperator, 1),
            Rejection("a{1000}{1000}", .invalidRepeatOperator, 1),
            Rejection("a{1001}", .invalidRepeatSize, 1),
            Rejection("a{2,1}", .invalidRepeatSize, 1),
            Rejection("a{1000,1001}", .invalidRepeatSize, 1),
            Rejection("a{0,1001}", .invalidRepeatSize, 1),
            Rejection("a{1001,}", .invalidRepeatSize, 1),
            Rejection("(a{1000}){2}", .invalidRepeatSize, 9),
            Rejection("(a{1000}){1000}", .invalidRepeatSize, 9),
            Rejection("((a{10}){10}){11}", .invalidRepeatSize, 13),
            Rejection("(?:a{2}|b{501}){2}", .invalidRepeatSize, 15),
            // Escapes.
            Rejection("\\1", .invalidEscape, 0),
            Rejection("(a)\\1", .invalidEscape, 3),
            Rejection("\\8", .invalidEscape, 0),
            Rejection("\\i", .invalidEscape, 0),
            Rejection("\\Z", .invalidEscape, 0),
            Rejection("\\C", .invalidEscape, 0),
            Rejection("\\e", .invalidEscape, 0),
            Rejection("\\cK", .invalidEscape, 0),
            Rejection("\\u0041", .invalidEscape, 0),
            Rejection("\\N{DIGIT ONE}", .invalidEscape, 0),
            Rejection("\\o{123}", .invalidEscape, 0),
            Rejection("\\G", .invalidEscape, 0),
            Rejection("\\X", .invalidEscape, 0),
            Rejection("\\R", .invalidEscape, 0),
            Rejection("\\K", .invalidEscape, 0),
            Rejection("\\E", .invalidEscape, 0),
            Rejection("\\é", .invalidEscape, 0),
            Rejection("\\x", .invalidEscape, 0),
            Rejection("\\xZ1", .invalidEscape, 0),
            Rejection("\\x4", .invalidEscape, 0),
            Rejection("\\x{}", .invalidEscape, 0),
            Rejection("\\x{110000}", .invalidEscape, 0),
            Rejection("\\x{12", .invalidEscape, 0),
            Rejection("ab\\x{g}", .invalidEscape, 2),
            Rejection("[\\Q]", .invalidEscape, 1),
            Rejection("[\\b]", .invalidEscape, 1),
            Rejection("[\\A]", .invalidEscape, 1),
            Rejection("a\\", .trailingBackslash, 1),
            Rejection("\\", .trailingBackslash, 0),
            Rejection("[a\\", .trailingBackslash, 2),
            // Unicode classes.
            Rejection("\\p{Foo}", .invalidCharClass, 0),
            Rejection("\\p{greek}", .invalidCharClass, 0),
            Rejection("x\\pX", .invalidCharClass, 1),
            Rejection("\\p{Greek", .invalidCharClass, 0),
            Rejection("\\p", .invalidCharClass, 0),
            Rejection("\\P{^}", .invalidCharClass, 0),
            Rejection("[\\p{Bogus}]", .invalidCharClass, 1),
            // Perl group syntax.
            Rejection("(?=a)", .invalidPerlOperator, 0),
            Rejection("(?!a)", .invalidPerlOperator, 0),
            Rejection("x(?<=a)", .invalidPerlOperator, 1),
            Rejection("(?<!a)", .invalidPerlOperator, 0),
            Rejection("x(?>a)", .invalidPerlOperator, 1),
            Rejection("(?#c)", .invalidPerlOperator, 0),
            Rejection("(?P=n)", .invalidPerlOperator, 0),
            Rejection("(?P>n)", .invalidPerlOperator, 0),
            Rejection("(?'n'a)", .invalidPerlOperator, 0),
            Rejection("(?x)a", .invalidPerlOperator, 0),
            Rejection("(?i-)", .invalidPerlOperator, 0),
            Rejection("(?-)", .invalidPerlOperator, 0),
            Rejection("(?i-m-s)", .invalidPerlOperator, 0),
            Rejection("(?|a)", .invalidPerlOperator, 0),
            // Named groups.
            Rejection("(?P<n>a)(?P<n>b)", .invalidNamedCapture, 8),
            Rejection("(?P<n>a)(?<n>b)", .invalidNamedCapture, 8),
            Rejection("(?P<>a)", .invalidNamedCapture, 0),
            Rejection("(?<>a)", .invalidNamedCapture, 0),
            Rejection("(?P<a b>x)", .invalidNamedCapture, 0),
            Rejection("(?P<a-b>x)", .invalidNamedCapture, 0),
            Rejection("a(?P<name", .invalidNamedCapture, 1),
            Rejection("(?<n", .invalidNamedCapture, 0),
            // Limits.
            Rejection(String(repeating: "(", count: 1001) + String(repeating: ")", count: 1001), .nestingTooDeep, 1000),
            Rejection("(?:" + String(repeating: "abcdefghij", count: 12) + "){1000}", .patternTooLarge, 0),
            Rejection(String(repeating: "x", count: 150_000), .patternTooLarge, 0),
        ]
        for row in rejected {
            do {
                _ = try LinearRegex(row.pattern)
                XCTFail("should reject \(row.pattern.prefix(40).debugDescription)", line: row.line)
            } catch let error as LinearRegexError {
                XCTAssertEqual(
                    error.code, row.code, "\(row.pattern.prefix(40).debugDescription): \(error)",
                    line: row.line)
                XCTAssertEqual(
                    error.offset, row.offset, "\(row.pattern.prefix(40).debugDescription): \(error)",
                    line: row.line)
                XCTAssertTrue(error.message.hasPrefix(row.code.rawValue), error.message, line: row.line)
            } catch {
                XCTFail("unexpected error type \(error)", line: row.line)
            }
        }
    }

    func testErrorMessagesNameTheFragment() {
        func message(_ pattern: String) -> String {
            do {
                _ = try LinearRegex(pattern)
                return "accepted"
            } catch {
                return String(describing: error)
            }
        }
        XCTAssertEqual(
            message("a**"),
            "bad repetition operator (repetition operators cannot be stacked; "
                + "possessive quantifiers are not supported): `**` at offset 1")
        XCTAssertEqual(message("ab(cd"), "missing closing ): `(cd` at offset 2")
        XCTAssertEqual(message("[z-a]"), "invalid character class range: `z-a` at offset 1")
        XCTAssertEqual(
            message("x(?=y)"),
            "invalid or unsupported Perl syntax (lookahead assertions are not supported): `(?=` at offset 1")
        XCTAssertEqual(
            message("(?<=y)"),
            "invalid or unsupported Perl syntax (lookbehind assertions are not supported): "
                + "`(?<=` at offset 0")
        XCTAssertEqual(
            message("(a)\\1"),
            "invalid escape sequence (backreferences are not supported): `\\1` at offset 3")
        XCTAssertEqual(message("*"), "missing argument to repetition operator: `*` at offset 0")
        XCTAssertEqual(message("a{1001}"), "invalid repeat count (counts must be 0...1000): `{1001}` at offset 1")
        XCTAssertEqual(
            message("\\p{Klingon}"),
            "invalid character class (unknown Unicode class name): `\\p{Klingon}` at offset 0")
        XCTAssertEqual(message("é\\q"), "invalid escape sequence: `\\q` at offset 1")
    }

    func testCustomProgramSizeLimit() {
        XCTAssertNoThrow(try LinearRegex("a{40}", maxProgramSize: 100))
        XCTAssertThrowsError(try LinearRegex("a{100}", maxProgramSize: 100)) { error in
            XCTAssertEqual((error as? LinearRegexError)?.code, .patternTooLarge)
        }
    }

    func testNamedCaptureMetadata() throws {
        let regex = try LinearRegex("(?P<year>\\d{4})-(\\d{2})-(?<day>\\d{2})")
        XCTAssertEqual(regex.captureGroupCount, 3)
        XCTAssertEqual(regex.captureNames, [nil, "year", nil, "day"])
        XCTAssertEqual(regex.captureIndex(named: "day"), 3)
        XCTAssertNil(regex.captureIndex(named: "month"))
    }
}
