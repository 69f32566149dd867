import XCTest

@testable import LinearRegex

/// Patterns that are exponential for backtracking engines must run in O(program × text) steps.
final class LinearityTests: XCTestCase {
    /// Instructions visited by one search, and the worst case the Pike VM allows for it.
    private func measure(
        _ regex: LinearRegex, _ text: String, _ mode: SearchMode
    )
        -> (outcome: SearchOutcome, bound: Int)
    {
        let outcome = regex.search(text, mode: mode)
        let bound = 2 * regex.program.instructions.count * (text.utf8.count + 1)
        return (outcome, bound)
    }

    func testPathologicalPatternsOnLongInput() throws {
        let text = String(repeating: "a", count: 100_000)
        let cases: [(pattern: String, matches: Bool)] = [
            ("(a*)*b", false),
            ("(a|a)*c", false),
            ("(a|aa)*b", false),
            ("(a+)+b", false),
            ("(?:a+a+)+b", false),
            ("(.*)*x", false),
            ("(a*)*$", true),
            ("^(a|a?)+$", true),
            ("(?:a?){30}a{30}", true),
            ("(\\w+\\s?)*$", true),
            ("(?i)(A|a)*Ab", false),
        ]
        for (pattern, expected) in cases {
            let regex = try LinearRegex(pattern)
            for mode in [SearchMode.anyMatch, .firstMatch] {
                let (outcome, bound) = measure(regex, text, mode)
                XCTAssertEqual(outcome.slots != nil, expected, "\(pattern) \(mode)")
                XCTAssertLessThanOrEqual(outcome.steps, bound, "\(pattern) \(mode)")
            }
        }
    }

    func testStepsGrowLinearlyWithTextLength() throws {
        let cases = [
            ("(a*)*b", "a"), ("(a|aa)*c", "ab"), ("(x+x+)+y", "x"), ("[a-q][^u-z]{13}x", "ab"),
            ("(?:a|b|ab)*c", "ab"), ("\\b\\w+\\b!", "word "),
        ]
        for (pattern, unit) in cases {
            let regex = try LinearRegex(pattern)
            let short = regex.search(String(repeating: unit, count: 10_000), mode: .firstMatch)
            let long = regex.search(String(repeating: unit, count: 40_000), mode: .firstMatch)
            XCTAssertNil(short.slots, pattern)
            XCTAssertNil(long.slots, pattern)
            XCTAssertGreaterThan(short.steps, 0)
            XCTAssertLessThanOrEqual(Double(long.steps), 4.2 * Double(short.steps), pattern)
            XCTAssertGreaterThanOrEqual(Double(long.steps), 3.8 * Double(short.steps), pattern)
        }
    }

    func testClassicExponentialCaseMatches() throws {
        // (a?){n}a{n} against a^n takes 2^n steps in a backtracker.
        let count = 100
        let regex = try LinearRegex("^(?:a?){\(count)}a{\(count)}$")
        let text = String(repeating: "a", count: count)
        let (outcome, bound) = measure(regex, text, .firstMatch)
        XCTAssertEqual(outcome.slots, [0, count])
        XCTAssertLessThanOrEqual(outcome.steps, bound)
        XCTAssertFalse(regex.matches(String(repeating: "a", count: count - 1)))
    }

    func testVeryLongInputs() throws {
        var text = String(repeating: "lorem ipsum dolor sit amet, ", count: 8_000)
        text += "pkg:npm/left-pad@1.3.0"
        let purl = try LinearRegex("pkg:[a-z]+/[A-Za-z0-9._-]+@\\d+\\.\\d+\\.\\d+")
        let range = try XCTUnwrap(purl.firstMatch(in: text))
        XCTAssertEqual(String(text[range]), "pkg:npm/left-pad@1.3.0")
        XCTAssertTrue(purl.matches(text))
        XCTAssertFalse(try LinearRegex("pkg:pypi/").matches(text))
        XCTAssertTrue(try LinearRegex("^(?:\\w+[ ,]*)+pkg").matches(text))

        let unicode = String(repeating: "жλ漢😀", count: 50_000)
        XCTAssertTrue(try LinearRegex("^(?:\\p{Cyrillic}\\p{Greek}\\p{Han}\\p{So})+$").wholeMatch(unicode))
        XCTAssertEqual(
            try LinearRegex("😀$").firstMatch(in: unicode).map { scalarOffsets($0, in: unicode) },
            [199_999, 200_000])
    }

    func testLiteralPrefixSkipsAhead() throws {
        let text = String(repeating: "x", count: 100_000) + "needle"
        let regex = try LinearRegex("needle")
        XCTAssertEqual(regex.program.literalPrefix, Array("needle".utf8))
        let outcome = regex.search(text, mode: .firstMatch)
        XCTAssertEqual(outcome.slots, [100_000, 100_006])
        XCTAssertLessThan(outcome.steps, 100, "the prefix scan should not run the VM over the haystack")
        XCTAssertNil(regex.firstMatch(in: String(repeating: "needl", count: 20_000)))
    }

    func testAnchoredPatternStopsEarly() throws {
        let regex = try LinearRegex("\\Aab")
        XCTAssertTrue(regex.program.anchoredAtStart)
        let outcome = regex.search("ac" + String(repeating: "ab", count: 50_000), mode: .anyMatch)
        XCTAssertNil(outcome.slots)
        XCTAssertLessThan(outcome.steps, 50)
    }

    func testDeepNestingCompilesAndMatches() throws {
        let depth = 1000
        let pattern = String(repeating: "(a|", count: depth) + "b" + String(repeating: ")", count: depth)
        let regex = try LinearRegex(pattern)
        XCTAssertEqual(regex.captureGroupCount, depth)
        XCTAssertTrue(regex.matches("b"))
        XCTAssertEqual(regex.firstMatch(in: "xa").map { scalarOffsets($0, in: "xa") }, [1, 2])
        let groups = try XCTUnwrap(regex.captures(in: "b"))
        XCTAssertEqual(groups.count, depth + 1)
        XCTAssertTrue(groups.allSatisfy { $0 != nil })
    }
}
