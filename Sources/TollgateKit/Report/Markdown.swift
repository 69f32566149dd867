/// Text from packages (names, versions, file names, people) put into `report.md`, where it is anybody's text: it must
/// read as itself, never as markup — no link, image, raw HTML, heading or table cell of its own.
enum Markdown {
    /// Plain text: the characters that open markup inline — emphasis, code, links and images, raw HTML and
    /// entities, strike-through, table cells, escapes — backslash-escaped (CommonMark renders an escaped one as
    /// itself), line breaks as spaces. (A bare URL may still show as a link to itself, which hides nothing.)
    static func text(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r": out.append(" ")
            case "\\", "`", "*", "_", "[", "]", "<", ">", "!", "|", "&", "~":
                out.append("\\")
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A code span: its content is literal, so it is delimited by one backtick more than the longest run of
    /// backticks in it (padded with spaces where it starts or ends with one); line breaks become spaces, and in a
    /// table cell a `|` is escaped (GitHub splits cells before it reads code spans).
    static func code(_ text: String, inTable: Bool = false) -> String {
        var content = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if inTable { content = content.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0
        var run = 0
        for character in content.utf8 {
            run = character == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded =
            content.hasPrefix("`") || content.hasSuffix("`") || content.hasPrefix(" ") && content.hasSuffix(" ")
        return padded ? "\(fence) \(content) \(fence)" : "\(fence)\(content)\(fence)"
    }
}
