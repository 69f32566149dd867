import XCTest

@testable import LinearRegex

/// A small deterministic pseudo-random generator (SplitMix64) so failures are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Compares the Pike VM with a backtracking oracle on many random small patterns and texts.
final class DifferentialTests: XCTestCase {
    /// A random pattern over a tiny alphabet, and whether it can match the empty string.
    /// Unbounded loops only get bodies that cannot match empty, where Perl and RE2 agree exactly.
    private func randomPattern(_ depth: Int, _ random: inout SplitMix64) -> (text: String, nullable: Bool) {
        let atoms: [(String, Bool)] = [
            ("a", false), ("b", false), ("c", false), (".", false), ("[ab]", false), ("[^a]", false),
            ("\\w", false), ("\\s", false), (" ", false), ("^", true), ("$", true), ("\\b", true), ("\\B", true),
            ("(?i)A", false), ("(?m:^)", true), ("(?m:$)", true), ("(?s:.)", false), ("\\n", false),
        ]
        if depth <= 0 || Int.random(in: 0..<10, using: &random) < 3 {
            return atoms.randomElement(using: &random)!
        }
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            let parts = (0..<Int.random(in: 2...3, using: &random)).map { _ in randomPattern(depth - 1, &random) }
            return (parts.map(\.text).joined(), parts.allSatisfy(\.nullable))
        case 1:
            let parts = (0..<Int.random(in: 2...3, using: &random)).map { _ in randomPattern(depth - 1, &random) }
            return ("(?:" + parts.map(\.text).joined(separator: "|") + ")", parts.contains { $0.nullable })
        case 2:
            let inner = randomPattern(depth - 1, &random)
            return ("(" + inner.text + ")", inner.nullable)
        default:
            let inner = randomPattern(depth - 1, &random)
            let body = "(?:" + inner.text + ")"
            let lazy = Bool.random(using: &random) ? "?" : ""
            let bounded: [(String, Bool)] = [
                ("?", true), ("{2}", inner.nullable), ("{0,2}", true), ("{1,3}", inner.nullable),
            ]
            let unbounded: [(String, Bool)] = [("*", true), ("+", false), ("{2,}", false)]
            let choices = inner.nullable ? bounded : bounded + unbounded
            let (operatorText, nullable) = choices.randomElement(using: &random)!
            return (body + operatorText + lazy, nullable || inner.nullable)
        }
    }

    private func randomText(_ random: inout SplitMix64) -> String {
        let alphabet: [Character] = ["a", "b", "c", " ", "A", "\n"]
        let length = Int.random(in: 0...7, using: &random)
        return String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
    }

    func testAgreesWithBacktrackingOracle() throws {
        var random = SplitMix64(state: 0x5EED_2024)
        var compared = 0
        for _ in 0..<2_500 {
            let pattern = randomPattern(4, &random).text
            let regex = try LinearRegex(pattern)
            var parser = Parser(pattern)
            let root = try parser.parse()
            for _ in 0..<6 {
                let text = randomText(&random)
                let oracle = ReferenceBacktracker(text: text, groupCount: regex.captureGroupCount)
                let expected = oracle.firstMatch(root)
                let actual = regex.captures(in: text)?.map { group -> [Int] in
                    group.map { scalarOffsets($0, in: text) } ?? [-1, -1]
                }.flatMap { $0 }
                XCTAssertEqual(actual, expected, "captures of \(pattern.debugDescription) in \(text.debugDescription)")
                let span = regex.firstMatch(in: text).map { scalarOffsets($0, in: text) }
                XCTAssertEqual(
                    span, expected.map { Array($0[0...1]) },
                    "firstMatch of \(pattern.debugDescription) in \(text.debugDescription)")
                XCTAssertEqual(
                    regex.matches(text), expected != nil,
                    "matches of \(pattern.debugDescription) in \(text.debugDescription)")
                XCTAssertEqual(
                    regex.wholeMatch(text), oracle.wholeMatch(root),
                    "wholeMatch of \(pattern.debugDescription) in \(text.debugDescription)")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 15_000)
    }
}
