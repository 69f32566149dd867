extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        // ASCII blanks only, scanned as bytes: their positions are always character boundaries.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let text = Substring(self)
        guard let first = text.utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = text.utf8.lastIndex(where: { !isSpace($0) })!
        return String(text[first..<text.utf8.index(after: last)])
    }
}
