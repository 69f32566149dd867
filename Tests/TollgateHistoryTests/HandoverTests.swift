import Testing

@testable import TollgateHistory

/// The changelog text that spares a new signer or maintainer is the uploader's own: a hand-over phrase counts only as
/// words, not inside other words ("rfa" is in "interface", "adopt" is no part of "readopting"…).
@Suite struct HandoverTests {
    @Test func phrasesCountAsWordsOnly() {
        for documented in [
            "New maintainer (Closes: #1234).", "Adopt the package.", "QA upload.", "Salvaging the package.",
            "RFA: looking for a new home.", "ITA (Closes: #99).", "Sponsored upload.", "Orphaned.",
            "Thanks to Olga Oldhand for her work.",
        ] {
            #expect(Handover.documented(documented, previousMaintainer: "Olga Oldhand"), "\(documented)")
        }
        for plain in [
            "Fix the network interface check.", "Handle surface errors.", "Readopting the old default.",
            "Fix the capital letter.", "Unsponsored code removed.", "Thanks to everyone.",
        ] {
            #expect(!Handover.documented(plain, previousMaintainer: "Olga Oldhand"), "\(plain)")
        }
    }
}
