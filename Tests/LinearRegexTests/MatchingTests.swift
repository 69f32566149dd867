import XCTest

@testable import LinearRegex

/// Matching tables; spans are Unicode-scalar offsets of the leftmost-first match.
final class MatchingTests: XCTestCase {
    func testEmptyPatternAndEmptyText() {
        check([
            MatchCase("", "", 0, 0),
            MatchCase("", "abc", 0, 0),
            MatchCase("a", ""),
            MatchCase("a*", "", 0, 0),
            MatchCase("^$", "", 0, 0),
            MatchCase("^$", "x"),
            MatchCase("|", "", 0, 0),
            MatchCase("()", "x", 0, 0),
            MatchCase("(?:)", "", 0, 0),
            MatchCase("[^\\x00-\\x{10FFFF}]", "abc"),
            MatchCase("a[^\\x00-\\x{10FFFF}]*b", "ab", 0, 2),
        ])
    }

    func testLiteralsAndConcatenation() {
        check([
            MatchCase("abc", "xabcx", 1, 4),
            MatchCase("abc", "ababc", 2, 5),
            MatchCase("abc", "abx"),
            MatchCase("aab", "aaab", 1, 4),
            MatchCase("a.c", "abc", 0, 3),
            MatchCase("a.c", "a\nc"),
            MatchCase("é", "café", 3, 4),
            MatchCase("😀!", "x😀!", 1, 3),
            MatchCase("]", "a]", 1, 2),
            MatchCase("}", "}", 0, 1),
            MatchCase("-", "a-b", 1, 2),
        ])
    }

    func testAlternationIsLeftmostFirst() {
        check([
            MatchCase("a|ab", "ab", 0, 1),
            MatchCase("ab|a", "ab", 0, 2),
            MatchCase("b|ab", "ab", 0, 2),
            MatchCase("a|", "b", 0, 0),
            MatchCase("|a", "a", 0, 0),
            MatchCase("cat|dog|bird", "hotdog", 3, 6),
            MatchCase("(a|ab)(c|bcd)", "abcd", 0, 4),
            MatchCase("(a+|b+)*c", "aabbc", 0, 5),
            MatchCase("x(?:a|b|c)y", "xcy", 0, 3),
            MatchCase("(?:foo|foobar)baz", "foobarbaz", 0, 9),
        ])
    }

    func testGreedyAndLazyRepetition() {
        check([
            MatchCase("a*", "baaa", 0, 0),
            MatchCase("a+", "baaa", 1, 4),
            MatchCase("a*?", "aaa", 0, 0),
            MatchCase("a+?", "aaa", 0, 1),
            MatchCase("a?", "a", 0, 1),
            MatchCase("a??", "a", 0, 0),
            MatchCase("a??b", "ab", 0, 2),
            MatchCase("<.+>", "<a><b>", 0, 6),
            MatchCase("<.+?>", "<a><b>", 0, 3),
            MatchCase("a.*?b", "axbxb", 0, 3),
            MatchCase("a.*b", "axbxb", 0, 5),
            MatchCase("x*y*z*", "yz", 0, 2),
            MatchCase("(a|b)*c", "abababc", 0, 7),
            MatchCase("(?:ab)+", "xababab", 1, 7),
            MatchCase("(?:ab)+?", "xababab", 1, 3),
            MatchCase("a*b", "aaab", 0, 4),
            MatchCase("a*?b", "aaab", 0, 4),
            MatchCase("^a*?$", "aaa", 0, 3),
        ])
    }

    func testCountedRepetition() {
        check([
            MatchCase("a{2}", "a"),
            MatchCase("a{2}", "aaa", 0, 2),
            MatchCase("a{2,3}", "aaaa", 0, 3),
            MatchCase("a{2,3}?", "aaaa", 0, 2),
            MatchCase("a{2,}", "aaaaa", 0, 5),
            MatchCase("a{2,}?", "aaaaa", 0, 2),
            MatchCase("a{0}b", "ab", 1, 2),
            MatchCase("a{0,0}", "a", 0, 0),
            MatchCase("(?:ab){3}", "abababab", 0, 6),
            MatchCase("^(?:ab){1,2}$", "ababab"),
            MatchCase("x{3,5}y", "xxxxxxy", 1, 7),
            MatchCase("[0-9]{3}-[0-9]{4}", "call 555-1234 now", 5, 13),
            MatchCase("a{1000}", String(repeating: "a", count: 999)),
            MatchCase("a{1000}", String(repeating: "a", count: 1001), 0, 1000),
            MatchCase("(?:a{10}){10}b", String(repeating: "a", count: 100) + "b", 0, 101),
        ])
    }

    func testLiteralBraces() {
        check([
            MatchCase("a{,2}", "a{,2}", 0, 5),
            MatchCase("a{", "a{", 0, 2),
            MatchCase("{", "{", 0, 1),
            MatchCase("a{1", "a{1", 0, 3),
            MatchCase("a{01}", "a{01}", 0, 5),
            MatchCase("a{x}", "a{x}", 0, 4),
            MatchCase("a{2}{", "aa{", 0, 3),
            MatchCase("a*{", "aa{", 0, 3),
        ])
    }

    func testAnchors() {
        check([
            MatchCase("^abc", "abc", 0, 3),
            MatchCase("^abc", "xabc"),
            MatchCase("abc$", "xabc", 1, 4),
            MatchCase("abc$", "abc\n"),
            MatchCase("(?m)abc$", "abc\n", 0, 3),
            MatchCase("^b", "a\nb"),
            MatchCase("(?m)^b", "a\nb", 2, 3),
            MatchCase("(?m)^$", "a\n", 2, 2),
            MatchCase("(?m)^", "\n", 0, 0),
            MatchCase("(?m)a$", "ba\nc", 1, 2),
            MatchCase("\\Ab", "a\nb"),
            MatchCase("(?m)\\Ab", "a\nb"),
            MatchCase("(?m)a\\z", "a\n"),
            MatchCase("a\\z", "ba", 1, 2),
            MatchCase("$", "abc", 3, 3),
            MatchCase("^", "abc", 0, 0),
            MatchCase("^*a", "a", 0, 1),
            MatchCase("a^b", "ab"),
            MatchCase("(?m)a$\\n^b", "a\nb", 0, 3),
            MatchCase("x|^y", "zy"),
            MatchCase("x|^y", "yz", 0, 1),
            MatchCase("(?:^|,)b", "a,b", 1, 3),
        ])
    }

    func testWordBoundaries() {
        check([
            MatchCase("\\bfoo\\b", "a foo b", 2, 5),
            MatchCase("\\bfoo\\b", "afoo"),
            MatchCase("\\bfoo\\b", "foo", 0, 3),
            MatchCase("\\Boo\\B", "foob", 1, 3),
            MatchCase("\\b", ""),
            MatchCase("\\B", "", 0, 0),
            MatchCase("\\b", "  ab", 2, 2),
            MatchCase("\\bé", "é"),
            MatchCase("a\\b", "aé", 0, 1),
            MatchCase("\\b_\\b", "-_-", 1, 2),
            MatchCase("\\b\\d+\\b", "x12 345", 4, 7),
        ])
    }

    func testBracketClasses() {
        check([
            MatchCase("[a-c]+", "xabcd", 1, 4),
            MatchCase("[^a-c]+", "abcxyz", 3, 6),
            MatchCase("[^a]", "\n", 0, 1),
            MatchCase("[]a]+", "a]]b", 0, 3),
            MatchCase("[^]a]", "]ab", 2, 3),
            MatchCase("[a-]+", "-a-", 0, 3),
            MatchCase("[-a]+", "b-a", 1, 3),
            MatchCase("[a\\-z]+", "b-az", 1, 4),
            MatchCase("[a-b-c]+", "x-cab", 1, 5),
            MatchCase("[\\]\\[]+", "x[]y", 1, 3),
            MatchCase("[.]", "a.b", 1, 2),
            MatchCase("[\\n\\t]", "a\tb", 1, 2),
            MatchCase("[\\x41-\\x43]+", "ABCD", 0, 3),
            MatchCase("[α-γ]+", "βγδ", 0, 2),
            MatchCase("[\\d\\s]+", "a1 2b", 1, 4),
            MatchCase("[^\\d\\s]+", "12ab 3", 2, 4),
            MatchCase("[\\D]", "1a", 1, 2),
            MatchCase("[[]", "[", 0, 1),
            MatchCase("[[:a]", ":", 0, 1),
            MatchCase("[a[:digit:]b]+", "xa1b2", 1, 5),
        ])
    }

    func testPerlAndPosixClasses() {
        check([
            MatchCase("\\d+", "ab123c", 2, 5),
            MatchCase("\\D+", "12ab3", 2, 4),
            MatchCase("\\d", "٣"),
            MatchCase("\\s+", "a \t\n\r\u{0C}b", 1, 6),
            MatchCase("\\s", "\u{0B}"),
            MatchCase("\\s", "\u{00A0}"),
            MatchCase("\\S+", " ab ", 1, 3),
            MatchCase("\\w+", "_aZ9-", 0, 4),
            MatchCase("\\w", "é"),
            MatchCase("\\W", "abc!", 3, 4),
            MatchCase("\\W", "é", 0, 1),
            MatchCase("[[:alpha:]]+", "12abC3", 2, 5),
            MatchCase("[[:^alpha:]]+", "ab12c", 2, 4),
            MatchCase("[[:digit:][:upper:]]+", "ab1X2c", 2, 5),
            MatchCase("[[:xdigit:]]+", "xyzBEEFg", 3, 7),
            MatchCase("[[:space:]]", "\u{0B}", 0, 1),
            MatchCase("[[:blank:]]+", "a \t\nb", 1, 3),
            MatchCase("[[:punct:]]+", "ab!?#c", 2, 5),
            MatchCase("[[:word:]]+", "-a_1-", 1, 4),
            MatchCase("[[:cntrl:]]", "a\u{7F}", 1, 2),
            MatchCase("[[:print:]]+", "\u{01}a b\u{02}", 1, 4),
            MatchCase("[[:graph:]]+", " a!b ", 1, 4),
            MatchCase("[[:lower:]]+", "ABcdE", 2, 4),
            MatchCase("[[:ascii:]]+", "éab€", 1, 3),
            MatchCase("[[:alnum:]]+", "--a1--", 2, 4),
        ])
    }

    func testEscapes() {
        check([
            MatchCase("\\.", "a.b", 1, 2),
            MatchCase("\\\\", "a\\b", 1, 2),
            MatchCase("\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$", "*+?()[]{}|^$", 0, 12),
            MatchCase("\\x41", "zA", 1, 2),
            MatchCase("\\x{1F600}", "😀", 0, 1),
            MatchCase("\\x{41}\\x{0042}", "AB", 0, 2),
            MatchCase("\\101", "A", 0, 1),
            MatchCase("\\12", "\n", 0, 1),
            MatchCase("\\0", "a\u{0}", 1, 2),
            MatchCase("\\08", "\u{0}8", 0, 2),
            MatchCase("\\1234", "S4", 0, 2),
            MatchCase("\\t\\n\\r\\f\\v\\a", "\t\n\r\u{0C}\u{0B}\u{07}", 0, 6),
            MatchCase("\\_\\ \\-\\#", "_ -#", 0, 4),
            MatchCase("\\Qa.b\\E", "axb a.b", 4, 7),
            MatchCase("\\Q+|*?{[\\E", "+|*?{[", 0, 6),
            MatchCase("\\Qa+", "aa+", 1, 3),
            MatchCase("\\Qab\\E+", "abbb", 0, 4),
            MatchCase("\\Q\\\\E", "\\", 0, 1),
            MatchCase("a\\Q\\E*", "aaa", 0, 3),
        ])
    }

    func testFlags() {
        check([
            MatchCase("(?i)abc", "xABc", 1, 4),
            MatchCase("(?i:a)b", "AB"),
            MatchCase("(?i:a)b", "Ab", 0, 2),
            MatchCase("a(?i)b", "aB", 0, 2),
            MatchCase("a(?i)b|c", "C", 0, 1),
            MatchCase("(?i)a(?-i)b", "AB"),
            MatchCase("(?i)a(?-i)b", "Ab", 0, 2),
            MatchCase("(a(?i)b)c", "aBc", 0, 3),
            MatchCase("(a(?i)b)c", "aBC"),
            MatchCase("(?i)[a-c]+", "xABC", 1, 4),
            MatchCase("(?i)[^a]", "A"),
            MatchCase("(?s).+", "a\nb", 0, 3),
            MatchCase(".+", "a\nb", 0, 1),
            MatchCase("(?s:.)(.)", "\n\n"),
            MatchCase("(?s:.).", "\nx", 0, 2),
            MatchCase("(?m:^b)|^c", "a\nb", 2, 3),
            MatchCase("(?U)a+", "aaa", 0, 1),
            MatchCase("(?U)a+?", "aaa", 0, 3),
            MatchCase("(?U)<.*>", "<a><b>", 0, 3),
            MatchCase("(?U:a*)a", "aaa", 0, 1),
            MatchCase("(?ims)^A.B$", "x\na\nb", 2, 5),
            MatchCase("(?i-s:A.)", "a\n"),
            MatchCase("(?i)", "x", 0, 0),
            MatchCase("(?)a", "a", 0, 1),
        ])
    }

    func testEmptyWidthLoops() {
        check([
            MatchCase("(?:a*)*b", "aab", 0, 3),
            MatchCase("(?:a*)+$", "aaa", 0, 3),
            MatchCase("(a*)*", "b", 0, 0),
            MatchCase("(a*)+", "b", 0, 0),
            MatchCase("(?:a?)*?b", "ab", 0, 2),
            MatchCase("(?:\\b)*a", "a", 0, 1),
            MatchCase("(?:$|a)+", "aa", 0, 2),
            MatchCase("(?:a|b|)+c", "abc", 0, 3),
        ])
    }

    func testFirstMatchReturnsIndicesIntoTheText() throws {
        let text = "naïve café ☕️ done"
        let regex = try LinearRegex("caf.")
        let range = try XCTUnwrap(regex.firstMatch(in: text))
        XCTAssertEqual(String(text.unicodeScalars[range]), "café")
        XCTAssertEqual(text[range], "café")
        XCTAssertNil(try LinearRegex("tea").firstMatch(in: text))
    }

    func testWholeMatch() throws {
        let regex = try LinearRegex("a+|b")
        XCTAssertTrue(regex.wholeMatch("aaa"))
        XCTAssertTrue(regex.wholeMatch("b"))
        XCTAssertFalse(regex.wholeMatch("aab"))
        XCTAssertFalse(regex.wholeMatch(""))
        XCTAssertTrue(try LinearRegex("a|ab").wholeMatch("ab"))
        XCTAssertTrue(try LinearRegex("a*?").wholeMatch("aaaa"))
        XCTAssertTrue(try LinearRegex("").wholeMatch(""))
        XCTAssertFalse(try LinearRegex("").wholeMatch("a"))
        XCTAssertTrue(try LinearRegex("(?m)^a$\\n^b$").wholeMatch("a\nb"))
    }

    func testPatternPropertyIsKept() throws {
        XCTAssertEqual(try LinearRegex("a(b)c").pattern, "a(b)c")
    }
}
