import Foundation

/// Recognises a changelog entry that documents a hand-over of maintenance in the open.
enum Handover {
    /// Phrases matched at the start of a word (`adopt` also finds "adopted", "adoption").
    static let phrases = [
        "new maintainer", "adopt", "taking over", "take over", "took over", "orphan", "qa upload", "salvag",
        "maintainer change", "hand over", "handing over", "handed over", "sponsor", "itsalvage",
    ]
    /// Words matched whole only (`rfa` must not be found in "interface" or "surface").
    static let words: Set<String> = ["rfa", "ita"]

    /// True when the text says the package changed hands (an adoption, a QA or salvage upload, a sponsorship), or
    /// thanks the previous maintainer by name for their work.
    static func documented(_ text: String?, previousMaintainer: String?) -> Bool {
        guard let text else { return false }
        let lower = text.lowercased()
        if phrases.contains(where: { startsAWord(lower, $0) }) { return true }
        let tokens = lower.split { !$0.isLetter && !$0.isNumber }
        if tokens.contains(where: { words.contains(String($0)) }) { return true }
        if let previous = previousMaintainer?.lowercased(), !previous.isEmpty, lower.contains(previous),
            lower.contains("thank")
        {
            return true
        }
        return false
    }

    /// Whether `phrase` occurs in `text` where a word starts.
    static func startsAWord(_ text: String, _ phrase: String) -> Bool {
        var rest = text[...]
        while let range = rest.range(of: phrase) {
            if range.lowerBound == text.startIndex || !text[text.index(before: range.lowerBound)].isLetter {
                return true
            }
            rest = text[range.upperBound...]
        }
        return false
    }
}
