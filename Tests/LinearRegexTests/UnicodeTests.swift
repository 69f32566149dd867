import XCTest

@testable import LinearRegex

/// Unicode classes, scalar-level matching and simple case folding.
final class UnicodeTests: XCTestCase {
    func testDotMatchesOneScalar() {
        check([
            MatchCase(".", "é", 0, 1),
            MatchCase("^.$", "😀", 0, 1),
            MatchCase("^..$", "e\u{301}", 0, 2),
            MatchCase("^.$", "e\u{301}"),
            MatchCase("^.{2}$", "👍🏽", 0, 2),
            MatchCase("a.c", "a€c", 0, 3),
            MatchCase("\\x{301}", "e\u{301}", 1, 2),
        ])
    }

    func testGeneralCategories() {
        check([
            MatchCase("\\pL+", "123héllo!", 3, 8),
            MatchCase("\\p{L}+", "12ab", 2, 4),
            MatchCase("\\PL+", "ab12", 2, 4),
            MatchCase("\\p{^L}+", "ab12", 2, 4),
            MatchCase("\\P{^L}+", "12ab", 2, 4),
            MatchCase("\\pN+", "x½3", 1, 3),
            MatchCase("\\p{Nd}+", "x½3٣", 2, 4),
            MatchCase("\\p{Lu}", "aÄ", 1, 2),
            MatchCase("\\p{Ll}", "Aä", 1, 2),
            MatchCase("\\p{Lt}", "aǅ", 1, 2),
            MatchCase("\\p{Lm}", "aʰ", 1, 2),
            MatchCase("\\p{Lo}", "aא", 1, 2),
            MatchCase("\\pP+", "a,.!b", 1, 4),
            MatchCase("\\pS", "a+", 1, 2),
            MatchCase("\\p{Sc}", "x€", 1, 2),
            MatchCase("\\pZ", "a\u{00A0}", 1, 2),
            MatchCase("\\p{Zs}", "\t"),
            MatchCase("\\pM", "e\u{301}", 1, 2),
            MatchCase("\\p{Cc}", "a\u{7}", 1, 2),
            MatchCase("\\pC", "a\u{200B}", 1, 2),
            MatchCase("\\p{Co}", "\u{E000}", 0, 1),
            MatchCase("\\p{Any}+", "a\nb", 0, 3),
            MatchCase("[\\p{Lu}\\d]+", "ab1C2d", 2, 5),
            MatchCase("[^\\pL]+", "ab12", 2, 4),
            MatchCase("[\\PL]+", "ab12", 2, 4),
        ])
    }

    func testScripts() {
        check([
            MatchCase("\\p{Greek}+", "abc αβγ", 4, 7),
            MatchCase("\\p{Greek}", "\u{2126}", 0, 1),
            MatchCase("\\p{Cyrillic}+", "Привет, world", 0, 6),
            MatchCase("\\p{Han}+", "漢字abc", 0, 2),
            MatchCase("\\p{Latin}+", "abcΩ", 0, 3),
            MatchCase("\\p{Latin}", "1"),
            MatchCase("\\p{Arabic}", "xسلام", 1, 2),
            MatchCase("\\p{Hiragana}+", "ひらがなカタカナ", 0, 4),
            MatchCase("\\p{Katakana}+", "ひらがなカタカナ", 4, 8),
            MatchCase("\\p{^Greek}+", "αβxy", 2, 4),
            MatchCase("\\P{Greek}+", "αβxy", 2, 4),
            MatchCase("[\\p{Greek}\\p{Cyrillic}]+", "aαжb", 1, 3),
            MatchCase("\\p{Common}", "a1", 1, 2),
        ])
    }

    func testCaseFoldingOrbits() {
        check([
            MatchCase("(?i)k", "\u{212A}", 0, 1),
            MatchCase("(?i)\u{212A}", "k", 0, 1),
            MatchCase("(?i)\\x{212A}", "K", 0, 1),
            MatchCase("(?i)[k]", "\u{212A}", 0, 1),
            MatchCase("(?i)[^k]", "\u{212A}"),
            MatchCase("(?i)s", "\u{17F}", 0, 1),
            MatchCase("(?i)σ+", "Σς", 0, 2),
            MatchCase("(?i)ς", "Σ", 0, 1),
            MatchCase("(?i)µ", "μΜ", 0, 1),
            MatchCase("(?i)ß", "ẞ", 0, 1),
            MatchCase("(?i)ß", "ss"),
            MatchCase("(?i)straße", "STRASSE"),
            MatchCase("(?i)i", "ı"),
            MatchCase("(?i)i", "İ"),
            MatchCase("(?i)I", "i", 0, 1),
            MatchCase("(?i)ǆ", "ǅ", 0, 1),
            MatchCase("(?i)Ǆ", "ǆ", 0, 1),
            MatchCase("(?i)é", "É", 0, 1),
            MatchCase("(?i)ω", "\u{2126}", 0, 1),
            MatchCase("(?i)привет", "ПРИВЕТ", 0, 6),
            MatchCase("(?i)[а-я]+", "ЖЗИ", 0, 3),
            MatchCase("(?i)\\p{Lu}", "a", 0, 1),
            MatchCase("(?i)\\P{Lu}", "a"),
            MatchCase("(?i)[[:upper:]]", "\u{17F}", 0, 1),
            MatchCase("(?i)[[:lower:]]", "\u{212A}", 0, 1),
            MatchCase("(?i)\\w", "\u{212A}", 0, 1),
            MatchCase("(?i)\\W", "\u{212A}"),
            MatchCase("(?i)1", "1", 0, 1),
            MatchCase("k", "K"),
            MatchCase("[k]", "\u{212A}"),
        ])
    }

    func testCaseFoldingTableIsConsistent() {
        for scalar: UInt32 in [0x6B, 0x4B, 0x212A, 0x73, 0x17F, 0x3C3, 0x3C2, 0x1C5] {
            let orbit = CaseFolding.orbit(of: scalar)
            XCTAssertTrue(orbit.contains(scalar), "orbit of \(scalar) contains itself")
            XCTAssertGreaterThan(orbit.count, 1)
            for member in orbit {
                XCTAssertEqual(CaseFolding.orbit(of: member), orbit, "orbits are equivalence classes")
            }
        }
        XCTAssertEqual(CaseFolding.orbit(of: 0x6B), [0x4B, 0x6B, 0x212A])
        XCTAssertEqual(CaseFolding.orbit(of: 0x31), [0x31])
        XCTAssertEqual(CaseFolding.orbit(of: 0x131), [0x131])
        XCTAssertEqual(CaseFolding.orbit(of: 0x49), [0x49, 0x69])
    }

    func testUnicodeTableSanity() throws {
        let letters = try XCTUnwrap(UnicodeTables.namedClass("L"))
        let upper = try XCTUnwrap(UnicodeTables.namedClass("Lu"))
        let lower = try XCTUnwrap(UnicodeTables.namedClass("Ll"))
        XCTAssertTrue(letters.contains(0x41) && letters.contains(0x4E2D) && !letters.contains(0x31))
        XCTAssertTrue(upper.contains(0x41) && !upper.contains(0x61))
        XCTAssertTrue(lower.contains(0x61) && !lower.contains(0x41))
        XCTAssertFalse(try XCTUnwrap(UnicodeTables.namedClass("C")).contains(0x378), "unassigned is not in C")
        XCTAssertTrue(try XCTUnwrap(UnicodeTables.namedClass("Any")).isFull)
        XCTAssertNil(UnicodeTables.namedClass("greek"))
        XCTAssertNil(UnicodeTables.namedClass("Cn"))
        for name in ["Latin", "Greek", "Cyrillic", "Han", "Arabic", "Hebrew", "Devanagari", "Thai", "Hangul"] {
            XCTAssertNotNil(UnicodeTables.namedClass(name), name)
        }
    }
}
