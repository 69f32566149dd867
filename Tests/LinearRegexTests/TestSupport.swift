import XCTest

@testable import LinearRegex

/// Scalar offsets of a range within `text`.
func scalarOffsets(_ range: Range<String.Index>, in text: String) -> [Int] {
    let scalars = text.unicodeScalars
    return [
        scalars.distance(from: scalars.startIndex, to: range.lowerBound),
        scalars.distance(from: scalars.startIndex, to: range.upperBound),
    ]
}

/// The first match of `pattern` in `text` as scalar offsets, failing the test if the pattern is invalid.
func span(_ pattern: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> [Int]? {
    do {
        let regex = try LinearRegex(pattern)
        return regex.firstMatch(in: text).map { scalarOffsets($0, in: text) }
    } catch {
        XCTFail("pattern \(pattern.debugDescription) failed to compile: \(error)", file: file, line: line)
        return nil
    }
}

/// A row of a matching table: the expected first-match span (scalar offsets) or `nil` for no match.
struct MatchCase {
    let pattern: String
    let text: String
    let expected: [Int]?
    let line: UInt

    init(_ pattern: String, _ text: String, _ start: Int, _ end: Int, line: UInt = #line) {
        self.pattern = pattern
        self.text = text
        self.expected = [start, end]
        self.line = line
    }

    init(_ pattern: String, _ text: String, line: UInt = #line) {
        self.pattern = pattern
        self.text = text
        self.expected = nil
        self.line = line
    }
}

/// Checks every row with `firstMatch`, `matches` and, where it follows, `wholeMatch`.
func check(_ cases: [MatchCase], file: StaticString = #filePath) {
    for row in cases {
        let regex: LinearRegex
        do {
            regex = try LinearRegex(row.pattern)
        } catch {
            XCTFail("pattern \(row.pattern.debugDescription) failed to compile: \(error)", file: file, line: row.line)
            continue
        }
        let found = regex.firstMatch(in: row.text).map { scalarOffsets($0, in: row.text) }
        XCTAssertEqual(
            found, row.expected,
            "firstMatch of \(row.pattern.debugDescription) in \(row.text.debugDescription)",
            file: file, line: row.line)
        XCTAssertEqual(
            regex.matches(row.text), row.expected != nil,
            "matches of \(row.pattern.debugDescription) in \(row.text.debugDescription)",
            file: file, line: row.line)
        if let expected = row.expected, expected == [0, row.text.unicodeScalars.count] {
            XCTAssertTrue(
                regex.wholeMatch(row.text),
                "wholeMatch of \(row.pattern.debugDescription) in \(row.text.debugDescription)",
                file: file, line: row.line)
        }
        if row.expected == nil {
            XCTAssertFalse(
                regex.wholeMatch(row.text),
                "wholeMatch of \(row.pattern.debugDescription) in \(row.text.debugDescription)",
                file: file, line: row.line)
        }
    }
}
