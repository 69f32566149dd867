import Foundation
import TollgateCore

/// Reads a Debian source package from its `.dsc` and, when they lie beside it, the files it lists: the packaging
/// tarball (or diff) for `debian/changelog`, `debian/upstream/*` and `debian/watch`, and the upstream signature.
public enum DscReader {
    /// Reads the `.dsc` at `path`.
    public static func read(path: String, displayPath: String? = nil) throws(DebianReadError) -> PackageFacts {
        let shown = displayPath ?? path
        let signatures = try ClearSigned.signatures(path: path, location: (shown as NSString).lastPathComponent)
        let stanza = try StanzaReader.single(path: path, clearsigned: true)
        guard let name = stanza.nonEmpty("Source") else {
            throw DebianReadError(path: shown, reason: "no Source field (is this a .dsc?)")
        }
        let digest = FileDigest.sha256(path: path)
        var facts = PackageFacts(
            debianStanza: stanza, kind: .source, name: name,
            artifact: Artifact(path: shown, format: "dsc", size: digest?.size, sha256: digest?.sha256)
        )
        facts.signatures = signatures
        if stanza["Version"] == nil { facts.warn("no Version field") }

        let directory = (path as NSString).deletingLastPathComponent
        let fm = FileManager.default
        for i in facts.sourceFiles!.indices {
            let name = facts.sourceFiles![i].name
            // A listed name is a file name beside the .dsc; anything else could point anywhere.
            guard RelativePath.isFileName(name) else {
                facts.sourceFiles![i].present = false
                facts.warn("lists '\(name)', which is not a plain file name: not read")
                continue
            }
            let location = (directory as NSString).appendingPathComponent(name)
            facts.sourceFiles![i].present = fm.fileExists(atPath: location)
            // dpkg-source unpacks only files of the listed size and checksums: what it would refuse is said. A file
            // listed without a SHA-256 (an old .dsc, MD5 only) is not checked: dpkg-source only warns of it.
            if facts.sourceFiles![i].present == true {
                let listed = facts.sourceFiles![i]
                if listed.conflicting {
                    facts.sourceFiles![i].matches = false
                    facts.warn("\(name) is listed more than once with different sizes or checksums")
                } else if let sha256 = listed.sha256 {
                    let actual = FileDigest.sha256(path: location)
                    facts.sourceFiles![i].matches =
                        actual?.sha256 == sha256 && (listed.size ?? actual?.size) == actual?.size
                    if facts.sourceFiles![i].matches == false {
                        facts.warn(
                            actual == nil
                                ? "\(name) cannot be read"
                                : "\(name) is not the file listed: its size or SHA-256 differs")
                    }
                } else {
                    facts.warn("\(name): no SHA-256 listed (Checksums-Sha256): not checked")
                }
            }
        }
        readPackagingFiles(into: &facts, directory: directory)
        for file in facts.sourceFiles! where file.role == "orig-signature" && file.present == true {
            let location = (directory as NSString).appendingPathComponent(file.name)
            // `NAME_VERSION.orig.tar.xz.asc` signs `NAME_VERSION.orig.tar.xz`.
            let signed = (location as NSString).deletingPathExtension
            if let data = fm.contents(atPath: location) {
                facts.signatures += SignatureFacts.read(Array(data), kind: "detached", location: file.name).map {
                    var s = $0
                    if fm.fileExists(atPath: signed) { s.subject = .detached(signatureFile: location, file: signed) }
                    return s
                }
            }
        }
        return facts
    }

    /// Reads `debian/*` metadata from the packaging tarball, native tarball or diff listed by the `.dsc`.
    static func readPackagingFiles(into facts: inout PackageFacts, directory: String) {
        let files = facts.sourceFiles ?? []
        let format = facts.debian?.sourceFormat ?? "1.0"
        let candidate: SourceFile?
        if format.hasPrefix("3.0 (quilt)") {
            candidate = files.first { $0.role == "debian" }
        } else if let diff = files.first(where: { $0.role == "diff" }) {
            candidate = diff
        } else {
            candidate = files.first { $0.role == "native" || $0.role == "orig" }
        }
        guard let source = candidate else {
            facts.warn("no packaging file (debian tarball, diff or native tarball) is listed")
            return
        }
        guard source.present == true else {
            facts.warn("\(source.name) is not beside the .dsc: changelog and upstream files not read")
            return
        }
        let location = (directory as NSString).appendingPathComponent(source.name)
        var contents: [String: [UInt8]] = [:]
        do {
            if source.role == "diff" {
                contents = try DebianDiff.newFiles(in: AptArchive.readFile(path: location), under: "debian/")
            } else {
                for member in try AptArchive.tar(path: location, wanted: UpstreamFiles.wanted).members {
                    guard let data = member.content else { continue }
                    var path = Substring(member.name)
                    if path.hasPrefix("./") { path = path.dropFirst(2) }
                    if !path.hasPrefix("debian/"), let slash = path.firstIndex(of: "/") {
                        path = path[path.index(after: slash)...]
                    }
                    contents[String(path)] = data
                }
            }
        } catch {
            facts.warn("\(source.name): \(error.reason)")
            return
        }
        if let changelog = contents["debian/changelog"] {
            let parsed = DebianChangelog.parse(String(decoding: changelog, as: UTF8.self))
            facts.changelog = parsed.entries
            parsed.warnings.forEach { facts.warn($0) }
            if let top = parsed.entries.first {
                facts.changedBy = top.author
                facts.date = top.date
                if top.version != facts.version {
                    facts.warn(
                        "debian/changelog's newest version \(top.version ?? "?") differs from the .dsc's \(facts.version)"
                    )
                }
            }
        } else {
            facts.warn("\(source.name) has no debian/changelog")
        }
        var upstreamWarnings: [String] = []
        facts.upstream = UpstreamFiles.facts(from: contents, warnings: &upstreamWarnings)
        upstreamWarnings.forEach { facts.warn($0) }
    }
}

/// The files a unified diff (a format 1.0 `.diff.gz`) creates.
enum DebianDiff {
    static func newFiles(in data: [UInt8], under prefix: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var current: String?
        var creating = false
        var remaining = 0
        var content: [UInt8] = []
        func flush() {
            if let name = current, creating { files[name] = content }
            current = nil
            content = []
        }
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if remaining > 0 {
                if line.first == UInt8(ascii: "+") {
                    content += line.dropFirst()
                    content.append(UInt8(ascii: "\n"))
                    remaining -= 1
                } else if line.first == UInt8(ascii: "\\") {
                    continue
                } else {
                    remaining = 0
                }
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("+++ ") {
                flush()
                var path = text.dropFirst(4).prefix { $0 != "\t" }
                if let slash = path.firstIndex(of: "/") { path = path[path.index(after: slash)...] }
                current = path.hasPrefix(prefix) ? String(path) : nil
                creating = false
            } else if text.hasPrefix("@@ "), current != nil {
                // `@@ -0,0 +1,N @@` creates a file.
                let parts = text.split(separator: " ")
                if parts.count >= 3, parts[1] == "-0,0" {
                    creating = true
                    let counts = parts[2].dropFirst().split(separator: ",")
                    remaining = counts.count == 2 ? Int(counts[1]) ?? 0 : 1
                }
            }
        }
        flush()
        return files
    }
}
