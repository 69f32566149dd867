import TollgateCore

/// The file lists of `.dsc`, `.changes` and `Sources` stanzas (`Files`, `Checksums-Sha1`, `Checksums-Sha256`),
/// merged by file name.
enum SourceFileList {
    /// Merges the checksum fields of a stanza into one entry per file, in the order of first mention.
    static func read(_ stanza: Stanza, isChanges: Bool) -> [SourceFile] {
        var order: [String] = []
        var byName: [String: SourceFile] = [:]
        func merge(_ field: String, _ apply: (inout SourceFile, [Substring]) -> Void) {
            guard let value = stanza[field] else { return }
            for line in value.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count >= 3, let name = parts.last.map(String.init) else { continue }
                if byName[name] == nil {
                    order.append(name)
                    byName[name] = SourceFile(name: name, role: role(of: name))
                }
                apply(&byName[name]!, parts)
            }
        }
        merge("Checksums-Sha256") { file, parts in
            file.sha256 = String(parts[0]).lowercased()
            file.size = Int64(parts[1])
        }
        merge("Checksums-Sha1") { file, parts in
            file.sha1 = String(parts[0]).lowercased()
            file.size = file.size ?? Int64(parts[1])
        }
        merge("Files") { file, parts in
            file.md5 = String(parts[0]).lowercased()
            file.size = file.size ?? Int64(parts[1])
            if isChanges, parts.count >= 5 { file.section = "\(parts[2]) \(parts[3])" }
        }
        return order.compactMap { byName[$0] }
    }

    /// What a file of a source package or upload is, from its name.
    static func role(of name: String) -> String {
        if name.hasSuffix(".dsc") { return "dsc" }
        if name.hasSuffix(".deb") { return "deb" }
        if name.hasSuffix(".udeb") { return "udeb" }
        if name.hasSuffix(".ddeb") { return "deb" }
        if name.hasSuffix(".buildinfo") { return "buildinfo" }
        if name.contains(".orig.tar.") || name.contains(".orig-") {
            if name.hasSuffix(".asc") || name.hasSuffix(".sig") {
                return "orig-signature"
            }
            return name.contains(".orig.tar.") ? "orig" : "orig-component"
        }
        if name.contains(".debian.tar.") { return "debian" }
        if name.hasSuffix(".diff.gz") { return "diff" }
        if name.contains(".tar.") || name.hasSuffix(".tar") { return "native" }
        return "other"
    }
}
