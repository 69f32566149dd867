import TollgateCore

/// Parses `debian/changelog` (Debian Policy §4.4) the way `dpkg-parsechangelog --all` does.
///
/// libapt-pkg has no changelog parser; this one is tested against dpkg-parsechangelog's output on real changelogs.
public enum DebianChangelog {
    /// The result of parsing: entries newest first, and the problems found on the way.
    public struct Parsed: Sendable {
        public var entries: [ChangelogEntry]
        public var warnings: [String]
    }

    /// Parses changelog text; malformed lines are reported as warnings with their line number, never fatal.
    public static func parse(_ text: String, path: String = "debian/changelog") -> Parsed {
        var entries: [ChangelogEntry] = []
        var warnings: [String] = []
        var current: ChangelogEntry?
        var body: [Substring] = []
        var lineNumber = 0

        func finish() {
            guard var entry = current else { return }
            while let first = body.first, first.trimmingWhitespace().isEmpty { body.removeFirst() }
            while let last = body.last, last.trimmingWhitespace().isEmpty { body.removeLast() }
            entry.text = body.map { String($0.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()) }
                .joined(separator: "\n")
            entries.append(entry)
            current = nil
            body = []
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if let header = parseHeader(line) {
                if current != nil {
                    warnings.append("\(path):\(lineNumber): entry header before the previous entry's trailer")
                    finish()
                }
                current = header
                continue
            }
            if line.hasPrefix(" -- ") {
                guard current != nil else {
                    warnings.append("\(path):\(lineNumber): trailer without an entry header")
                    continue
                }
                parseTrailer(line, into: &current!, warnings: &warnings, location: "\(path):\(lineNumber)")
                finish()
                continue
            }
            if current == nil {
                if line.trimmingWhitespace().isEmpty { continue }
                // dpkg stops at the old-changelog separator and at editor modelines.
                if isTerminator(line) { break }
                warnings.append("\(path):\(lineNumber): text outside any entry")
                continue
            }
            if line.trimmingWhitespace().isEmpty || line.hasPrefix("  ") || line.hasPrefix("\t") {
                body.append(line)
            } else {
                warnings.append("\(path):\(lineNumber): change line not indented by two spaces")
                body.append(line)
            }
        }
        if current != nil {
            warnings.append("\(path): last entry has no trailer line")
            finish()
        }
        return Parsed(entries: entries, warnings: warnings)
    }

    static func isTerminator(_ line: Substring) -> Bool {
        let lower = line.lowercased()
        if lower.hasPrefix("old changelog:") || lower.hasPrefix("local variables:") || lower.hasPrefix("vim:") {
            return true
        }
        return lower.hasPrefix("# ") && (lower.contains("vim:") || lower.contains("mode:"))
    }

    /// `package (version) dist1 dist2; urgency=medium, key=value`
    static func parseHeader(_ line: Substring) -> ChangelogEntry? {
        guard let first = line.first, first.isLetter || first.isNumber else { return nil }
        guard let open = line.firstRange(of: " (")?.lowerBound, let close = line[open...].firstIndex(of: ")"),
            let semicolon = line[close...].firstIndex(of: ";")
        else { return nil }
        let package = String(line[..<open])
        guard package.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return nil }
        let version = String(line[line.index(open, offsetBy: 2)..<close])
        guard !version.isEmpty, !version.contains(" ") else { return nil }
        let distributions = line[line.index(after: close)..<semicolon].split(separator: " ").map(String.init)
        guard !distributions.isEmpty else { return nil }
        var urgency: String?
        var extra: [(key: String, value: String)] = []
        for pair in line[line.index(after: semicolon)...].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            let key = kv[0].trimmingWhitespace().lowercased()
            let value = kv[1].trimmingWhitespace()
            if key == "urgency" { urgency = value } else { extra.append((key: key, value: value)) }
        }
        return ChangelogEntry(
            package: package, version: version, distributions: distributions, urgency: urgency, extraFields: extra,
            author: nil, date: nil, dateText: nil, text: ""
        )
    }

    /// ` -- Name <address>  Date`
    static func parseTrailer(
        _ line: Substring, into entry: inout ChangelogEntry, warnings: inout [String], location: String
    ) {
        let rest = line.dropFirst(4)
        guard let close = rest.firstIndex(of: ">") else {
            warnings.append("\(location): trailer without an address")
            entry.author = Person(parsing: String(rest))
            return
        }
        entry.author = Person(parsing: String(rest[...close]))
        let dateText = rest[rest.index(after: close)...].trimmingWhitespace()
        if !rest[rest.index(after: close)...].hasPrefix("  ") {
            warnings.append("\(location): trailer should have two spaces between address and date")
        }
        entry.dateText = dateText
        entry.date = RFC2822.date(from: dateText)
        if entry.date == nil { warnings.append("\(location): cannot parse date \"\(dateText)\"") }
    }
}
