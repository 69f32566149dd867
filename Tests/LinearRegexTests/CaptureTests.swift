import XCTest

@testable import LinearRegex

/// Capture groups follow leftmost-first (Perl/RE2) semantics.
final class CaptureTests: XCTestCase {
    /// Capture spans as scalar offsets (`nil` for groups that did not participate).
    private func groups(_ pattern: String, _ text: String) throws -> [[Int]?]? {
        let regex = try LinearRegex(pattern)
        return regex.captures(in: text)?.map { $0.map { scalarOffsets($0, in: text) } }
    }

    func testGroupSpans() throws {
        XCTAssertEqual(try groups("(a+)(b+)?", "xaab"), [[1, 4], [1, 3], [3, 4]])
        XCTAssertEqual(try groups("(a+)(b+)?", "xaa"), [[1, 3], [1, 3], nil])
        XCTAssertEqual(try groups("(a)|(b)", "b"), [[0, 1], nil, [0, 1]])
        XCTAssertEqual(try groups("(a|ab)(c|bcd)(d*)", "abcd"), [[0, 4], [0, 1], [1, 4], [4, 4]])
        XCTAssertEqual(try groups("((a)|b)+", "ab"), [[0, 2], [1, 2], [0, 1]])
        XCTAssertEqual(try groups("(a*)+", "b"), [[0, 0], [0, 0]])
        XCTAssertEqual(try groups("(a*?)(a*)", "aa"), [[0, 2], [0, 0], [0, 2]])
        XCTAssertEqual(try groups("(.*)-(.*)", "a-b-c"), [[0, 5], [0, 3], [4, 5]])
        XCTAssertEqual(try groups("(.*?)-(.*)", "a-b-c"), [[0, 5], [0, 1], [2, 5]])
        XCTAssertEqual(try groups("(?:(a)|b)c", "bc"), [[0, 2], nil])
        XCTAssertEqual(try groups("(é)(😀)", "xé😀"), [[1, 3], [1, 2], [2, 3]])
        XCTAssertNil(try groups("(a)", "b"))
    }

    func testNamedGroups() throws {
        let regex = try LinearRegex("(?P<year>\\d{4})-(?P<month>\\d{2})")
        let text = "released 2024-05-06"
        let found = try XCTUnwrap(regex.captures(in: text))
        let year = try XCTUnwrap(found[try XCTUnwrap(regex.captureIndex(named: "year"))])
        let month = try XCTUnwrap(found[try XCTUnwrap(regex.captureIndex(named: "month"))])
        XCTAssertEqual(text[year], "2024")
        XCTAssertEqual(text[month], "05")
    }

    func testCapturesAgreeWithFirstMatch() throws {
        let cases = [("a+|b+", "ccbbaa"), ("(x)(y)?z", "xzxyz"), ("\\b\\w+\\b", "  hello world"), ("", "abc")]
        for (pattern, text) in cases {
            let regex = try LinearRegex(pattern)
            XCTAssertEqual(regex.captures(in: text)?.first ?? nil, regex.firstMatch(in: text), pattern)
        }
    }
}
