import Foundation
import TollgateCore

/// Reads a Debian binary package (`.deb`, `.udeb`) with libapt-pkg: control fields, maintainer scripts, conffiles,
/// md5sums and the payload file list.
public enum DebReader {
    /// The maintainer scripts dpkg runs, in the order documented by Debian Policy.
    public static let scriptNames = ["preinst", "postinst", "prerm", "postrm", "config", "triggers"]

    /// Reads the package at `path`; `displayPath` is what documents and messages call it.
    public static func read(path: String, displayPath: String? = nil) throws(DebianReadError) -> PackageFacts {
        let shown = displayPath ?? path
        let arMembers = try AptArchive.debMembers(path: path)
        guard arMembers.first == "debian-binary" else {
            throw DebianReadError(
                path: shown, reason: "not a Debian binary package (first ar member is not debian-binary)")
        }
        let control = try AptArchive.debTar(path: path, which: "control.tar", capture: true)
        var byName: [String: TarMember] = [:]
        var controlNames: [String] = []
        var links: [(name: String, member: TarMember)] = []
        for member in control.members where [.file, .hardlink, .symlink].contains(member.kind) {
            let name = String(normalise(member.name).dropFirst())  // "control", "postinst", …
            controlNames.append(name)
            if member.kind == .file { byName[name] = member } else { links.append((name, member)) }
        }
        // dpkg extracts control.tar into a directory and runs the scripts from there: a script that is a hard link
        // to another member is that member (as `dpkg-deb --control` extracts it), and Tollgate reads it so. A
        // maintainer script that is a symbolic link runs whatever the link names when dpkg runs it — another member
        // wherever it stands in the archive, a file the package installs, a file of the system: it cannot be judged
        // from the package, and the package is refused as unreadable.
        var linkNotes: [String] = []
        for (name, member) in links {
            let target = member.linkTarget ?? ""
            if member.kind == .symlink, scriptNames.contains(name), name != "triggers" {
                throw DebianReadError(
                    path: shown,
                    reason: "maintainer script \(name) is a symbolic link to \(target): dpkg would run what it names, "
                        + "which cannot be judged from the package")
            }
            let kind = member.kind == .hardlink ? "hard link" : "symbolic link"
            if let resolved = linkedMember(target, hard: member.kind == .hardlink).flatMap({ byName[$0] }) {
                byName[name] = resolved
                linkNotes.append("control.tar member \(name) is a \(kind) to \(target): read as that member")
            } else {
                linkNotes.append(
                    "control.tar member \(name) is a \(kind) to \(target), no file of control.tar: not read")
            }
        }
        guard let controlText = byName["control"]?.text else {
            throw DebianReadError(path: shown, reason: "control.tar has no control file")
        }
        guard let stanza = StanzaReader.single(text: controlText, path: "\(shown):control") else {
            throw DebianReadError(path: shown, reason: "control file has no stanza")
        }
        guard let name = stanza.nonEmpty("Package") else {
            throw DebianReadError(path: shown, reason: "control file has no Package field")
        }
        let format = path.hasSuffix(".udeb") ? "udeb" : "deb"
        let digest = FileDigest.sha256(path: path)
        var facts = PackageFacts(
            debianStanza: stanza, kind: .binary, name: name,
            artifact: Artifact(path: shown, format: format, size: digest?.size, sha256: digest?.sha256)
        )
        if stanza["Version"] == nil { facts.warn("control file has no Version field") }
        linkNotes.forEach { facts.warn($0) }
        for member in controlNames.compactMap({ byName[$0] }) where member.contentTruncated {
            // A maintainer script padded past the bound would otherwise be judged on its first part alone.
            facts.warn(
                "control.tar member \(normalise(member.name).dropFirst()) is larger than "
                    + "\(AptArchive.captureLimit >> 20) MiB: only its first part is read")
        }

        facts.scripts = scriptNames.compactMap { script in
            guard let member = byName[script], let body = member.text else { return nil }
            return Script(name: script, interpreter: script == "triggers" ? nil : Script.shebang(of: body), body: body)
        }
        let conffiles = byName["conffiles"]?.text.map(lines) ?? []
        let md5sums = byName["md5sums"]?.text.map(parseMD5Sums) ?? [:]

        let data = try AptArchive.debTar(path: path, which: "data.tar", capture: false)
        if data.truncated { facts.warn("data.tar has more than \(AptArchive.memberLimit) members") }
        let conffileSet = Set(conffiles.map { $0.split(separator: " ").first.map(String.init) ?? $0 })
        facts.files = data.members.map { member in
            let path = normalise(member.name)
            let md5 = member.kind == .file ? md5sums[String(path.dropFirst())] : nil
            return FileEntry(
                path: path, kind: member.kind, mode: Int64(member.mode & 0o7777),
                size: member.kind == .file ? Int64(member.size) : 0, user: String(member.uid),
                group: String(member.gid), linkTarget: member.linkTarget, digest: md5,
                digestAlgorithm: md5 == nil ? nil : "md5", flags: conffileSet.contains(path) ? ["config"] : [],
                mtime: Int64(member.mtime)
            )
        }
        let listed = Set(facts.files!.lazy.filter { $0.kind == .file }.map { String($0.path.dropFirst()) })
        let unlisted = md5sums.keys.filter { !listed.contains($0) }
        if !unlisted.isEmpty {
            facts.warn(
                "md5sums lists \(unlisted.count) file(s) not in data.tar: \(unlisted.sorted().prefix(3).joined(separator: ", "))"
            )
        }

        facts.debian?.debMembers = arMembers
        facts.debian?.controlMembers = controlNames
        facts.debian?.conffiles = conffiles
        // debsigs-style signatures travel as ar members.
        for member in arMembers where member.hasPrefix("_gpg") {
            if let bytes = try? AptArchive.debMemberContent(path: path, member: member) {
                facts.signatures += SignatureFacts.read(bytes, kind: "debsig", location: member)
            }
        }
        return facts
    }

    /// The control.tar member a link names, when it names one: a hard link's target is a path in the archive, a
    /// symbolic link's is relative to the control directory (an absolute one, or one that leaves it, is not).
    static func linkedMember(_ target: String, hard: Bool) -> String? {
        guard !target.isEmpty, hard || !target.hasPrefix("/") else { return nil }
        let name = String(normalise(target).dropFirst())
        guard !name.isEmpty, !name.contains("/") else { return nil }
        return name
    }

    /// `./usr/bin/x` → `/usr/bin/x`; `./usr/` → `/usr`.
    static func normalise(_ name: String) -> String {
        var path = Substring(name)
        if path.hasPrefix("./") { path = path.dropFirst(2) } else if path.hasPrefix("/") { path = path.dropFirst() }
        if path.hasSuffix("/") { path = path.dropLast() }
        return "/" + path
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// `md5sums`: `<hex>  <path without leading slash>` per line.
    static func parseMD5Sums(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let hex = line[..<space].lowercased()
            let path = line[space...].drop(while: { $0 == " " || $0 == "*" })
            guard hex.count == 32 else { continue }
            out[String(path.hasPrefix("./") ? path.dropFirst(2) : path)] = hex
        }
        return out
    }
}
