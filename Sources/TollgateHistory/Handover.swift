import Foundation

/// Recognises a changelog entry that documents a hand-over of maintenance in the open.
enum Handover {
    static let phrases = [
        "new maintainer", "adopt", "taking over", "take over", "took over", "orphan", "qa upload", "salvag",
        "maintainer change", "hand over", "handing over", "handed over", "sponsor", "itsalvage", "rfa",
    ]

    /// True when the text says the package changed hands (an adoption, a QA or salvage upload, a sponsorship), or
    /// thanks the previous maintainer by name for their work.
    static func documented(_ text: String?, previousMaintainer: String?) -> Bool {
        guard let text else { return false }
        let lower = text.lowercased()
        if phrases.contains(where: { lower.contains($0) }) { return true }
        if let previous = previousMaintainer?.lowercased(), !previous.isEmpty, lower.contains(previous),
            lower.contains("thank")
        {
            return true
        }
        return false
    }
}
