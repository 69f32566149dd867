import Foundation
import TollgateCore

/// Reads a Debian upload (`.changes`): who uploaded what, signed by whom (as claimed), and its file list.
public enum ChangesReader {
    /// Reads the `.changes` at `path`.
    public static func read(path: String, displayPath: String? = nil) throws(DebianReadError) -> PackageFacts {
        let shown = displayPath ?? path
        let signatures = try ClearSigned.signatures(path: path, location: (shown as NSString).lastPathComponent)
        let stanza = try StanzaReader.single(path: path, clearsigned: true)
        guard let name = stanza.nonEmpty("Source") else {
            throw DebianReadError(path: shown, reason: "no Source field (is this a .changes?)")
        }
        let digest = FileDigest.sha256(path: path)
        var facts = PackageFacts(
            debianStanza: stanza, kind: .upload, name: name,
            artifact: Artifact(path: shown, format: "changes", size: digest?.size, sha256: digest?.sha256)
        )
        // `Source: name (version)` appears in binary-only uploads.
        if let open = name.firstIndex(of: "(") { facts.name = name[..<open].trimmingWhitespace() }
        facts.signatures = signatures
        facts.changedBy = stanza.nonEmpty("Changed-By").map(Person.init(parsing:))
        facts.date = stanza.nonEmpty("Date").flatMap(RFC2822.date(from:))
        let directory = (path as NSString).deletingLastPathComponent
        for i in facts.sourceFiles!.indices {
            let file = (directory as NSString).appendingPathComponent(facts.sourceFiles![i].name)
            facts.sourceFiles![i].present = FileManager.default.fileExists(atPath: file)
        }
        if let changes = stanza["Changes"] {
            // The field holds the changelog entries of the upload, indented by one space, `.` for blank lines.
            let text = changes.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                var l = line
                if l.first == " " { l = l.dropFirst() }
                return l == "." ? "" : String(l)
            }.joined(separator: "\n")
            var parsed = DebianChangelog.parse(
                text + "\n -- \(stanza["Changed-By"] ?? "unknown")  \(stanza["Date"] ?? "")\n")
            if let date = facts.date, !parsed.entries.isEmpty {
                for i in parsed.entries.indices { parsed.entries[i].date = parsed.entries[i].date ?? date }
            }
            facts.changelog = parsed.entries
        }
        return facts
    }
}
