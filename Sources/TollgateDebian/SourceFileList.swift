import TollgateCore

/// The file lists of `.dsc`, `.changes` and `Sources` stanzas (`Files`, `Checksums-Sha1`, `Checksums-Sha256`),
/// merged by file name.
enum SourceFileList {
    /// Merges the checksum fields of a stanza into one entry per file, in the order of first mention.
    static func read(_ stanza: Stanza, isChanges: Bool) -> [SourceFile] {
        var files: [SourceFile] = []
        var index: [String: Int] = [:]
        func merge(_ field: String, _ apply: (inout SourceFile, [String]) -> Void) {
            guard let value = stanza[field] else { return }
            eachLine(value) { parts in
                guard parts.count >= 3, let name = parts.last else { return }
                let i: Int
                if let known = index[name] {
                    i = known
                } else {
                    i = files.count
                    index[name] = i
                    files.append(SourceFile(name: name, role: role(of: name)))
                }
                apply(&files[i], parts)
            }
        }
        // A file listed twice with different sizes or checksums (dpkg-source: "conflicting checksums") keeps its
        // first listing and is marked: the other listing must not be the one a check passes on.
        func keep(_ known: String?, _ new: String, in file: inout SourceFile) -> String {
            if let known, known != new { file.conflicting = true }
            return known ?? new
        }
        func size(_ file: inout SourceFile, _ text: String) {
            let new = Int64(text)
            if let known = file.size, known != new { file.conflicting = true } else { file.size = new }
        }
        merge("Checksums-Sha256") { file, parts in
            file.sha256 = keep(file.sha256, parts[0].lowercased(), in: &file)
            size(&file, parts[1])
        }
        merge("Checksums-Sha1") { file, parts in
            file.sha1 = keep(file.sha1, parts[0].lowercased(), in: &file)
            size(&file, parts[1])
        }
        merge("Files") { file, parts in
            file.md5 = keep(file.md5, parts[0].lowercased(), in: &file)
            size(&file, parts[1])
            if isChanges, parts.count >= 5 { file.section = "\(parts[2]) \(parts[3])" }
        }
        return files
    }

    /// The whitespace-separated words of each non-empty line of a field value, scanned as bytes (these fields are
    /// ASCII and long: splitting them as Characters dominated reading a `Sources` index).
    static func eachLine(_ value: String, _ body: ([String]) -> Void) {
        var value = value
        value.withUTF8 { bytes in
            var words: [String] = []
            var start = -1
            func word(_ end: Int) {
                if start >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                    start = -1
                }
            }
            for i in 0..<bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\n"):
                    word(i)
                    if !words.isEmpty { body(words) }
                    words.removeAll(keepingCapacity: true)
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    word(i)
                default:
                    if start < 0 { start = i }
                }
            }
            word(bytes.count)
            if !words.isEmpty { body(words) }
        }
    }

    /// What a file of a source package or upload is, from its name.
    static func role(of name: String) -> String {
        func contains(_ infix: String) -> Bool {
            let haystack = Array(name.utf8), needle = Array(infix.utf8)
            guard haystack.count >= needle.count else { return false }
            for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
                if haystack[i..<i + needle.count].elementsEqual(needle) { return true }
            }
            return false
        }
        if name.hasSuffix(".dsc") { return "dsc" }
        if name.hasSuffix(".deb") { return "deb" }
        if name.hasSuffix(".udeb") { return "udeb" }
        if name.hasSuffix(".ddeb") { return "deb" }
        if name.hasSuffix(".buildinfo") { return "buildinfo" }
        if contains(".orig.tar.") || contains(".orig-") {
            if name.hasSuffix(".asc") || name.hasSuffix(".sig") {
                return "orig-signature"
            }
            return contains(".orig.tar.") ? "orig" : "orig-component"
        }
        if contains(".debian.tar.") { return "debian" }
        if name.hasSuffix(".diff.gz") { return "diff" }
        if contains(".tar.") || name.hasSuffix(".tar") { return "native" }
        return "other"
    }
}
