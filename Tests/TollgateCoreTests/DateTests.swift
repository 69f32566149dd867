import Foundation
import Testing
import TollgateCore

@Suite struct DateTests {
    @Test func rfc2822AsDebianWritesIt() throws {
        let date = try #require(RFC2822.date(from: "Sat, 09 Mar 2024 17:04:11 +0100"))
        #expect(date.timeIntervalSince1970 == 1_710_000_251)
        #expect(RFC2822.date(from: "Fri, 01 Mar 2024 00:00:00 UTC")?.timeIntervalSince1970 == 1_709_251_200)
        #expect(RFC2822.date(from: "1 Mar 2024 00:00 -0030")?.timeIntervalSince1970 == 1_709_253_000)
    }

    @Test(arguments: [
        "", "Sat, 09 Foo 2024 17:04:11 +0000", "Sat, 32 Mar 2024 17:04:11 +0000", "09 Mar 2024 25:00:00 +0000",
        "09 Mar 2024 17:04:11 CEST",
    ])
    func rfc2822RejectsMalformedDates(text: String) {
        #expect(RFC2822.date(from: text) == nil)
    }

    @Test func rpmChangelogDates() {
        #expect(RFC2822.rpmChangelogDate(from: "Wed Mar 27 2024")?.timeIntervalSince1970 == 1_711_497_600)
        #expect(RFC2822.rpmChangelogDate(from: "Mar 27 2024")?.timeIntervalSince1970 == 1_711_497_600)
        #expect(RFC2822.rpmChangelogDate(from: "Wed Foo 27 2024") == nil)
    }

    @Test func rfc3339RoundTrips() throws {
        for text in [
            "1970-01-01T00:00:00Z", "2009-02-13T23:31:30Z", "2024-02-29T12:00:00.500Z", "1969-12-31T23:59:59Z",
        ] {
            let date = try #require(RFC3339.date(from: text))
            #expect(RFC3339.string(from: date) == text)
        }
        #expect(RFC3339.date(from: "2024-03-01T01:00:00+01:00")?.timeIntervalSince1970 == 1_709_251_200)
        #expect(RFC3339.date(from: "2024-13-01T00:00:00Z") == nil)
        #expect(RFC3339.date(from: "2024-03-01T00:00:00") == nil)
    }

    /// A date no four-digit year can write (a hostile or broken input's, or a period of a million years) is written
    /// as the nearest writable one, never a trap.
    @Test func datesBeyondFourDigitYearsAreClamped() {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1e20)) == "9999-12-31T23:59:59Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -.infinity)) == "0001-01-01T00:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: .nan)) == "0001-01-01T00:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00Z")
    }
}
