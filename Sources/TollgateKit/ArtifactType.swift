import Foundation
import TollgateCore
import TollgateSource

/// What kind of artefact a file is, judged by its name and, where names are ambiguous, its first bytes.
public enum ArtifactType: String, Sendable, CaseIterable {
    case deb, dsc, changes, rpm, packagesIndex = "packages-index", sourcesIndex = "sources-index"
    case release, repomd
    /// An upstream release tarball (`NAME-VERSION.tar.*`).
    case tarball
    /// A saved git tag object (`*.tag`).
    case gitTag = "git-tag"

    /// Whether a directory walk reads this type as a loose artefact. Debian's `.orig.tar.*` and `.debian.tar.*` are
    /// parts of the source package that lists them, not releases of their own.
    static func isLooseArtefact(_ type: ArtifactType, name: String) -> Bool {
        guard type == .tarball else { return true }
        return !name.contains(".orig.tar.") && !name.contains(".orig-") && !name.contains(".debian.tar.")
    }

    /// Detects the type of the file at `path`; nil when it is not an artefact Tollgate reads.
    public static func detect(path: String) -> ArtifactType? {
        let name = (path as NSString).lastPathComponent
        let lower = name.lowercased()
        if lower.hasSuffix(".deb") || lower.hasSuffix(".udeb") || lower.hasSuffix(".ddeb") { return .deb }
        if lower.hasSuffix(".dsc") { return .dsc }
        if lower.hasSuffix(".changes") { return .changes }
        if lower.hasSuffix(".rpm") { return .rpm }
        if name == "repomd.xml" { return .repomd }
        if name == "InRelease" || name == "Release" || name.hasSuffix("_InRelease") || name.hasSuffix("_Release") {
            return .release
        }
        let stem = stripCompression(name)
        if stem == "Packages" || stem.hasSuffix("_Packages") { return .packagesIndex }
        if stem == "Sources" || stem.hasSuffix("_Sources") { return .sourcesIndex }
        if ReleaseName(fileName: name) != nil { return .tarball }
        if lower.hasSuffix(".tag") { return .gitTag }
        return sniff(path: path)
    }

    /// `Packages.xz` → `Packages`.
    static func stripCompression(_ name: String) -> String {
        for ext in [".gz", ".xz", ".lz4", ".zst", ".bz2", ".lzma"] where name.hasSuffix(ext) {
            return String(name.dropLast(ext.count))
        }
        return name
    }

    /// Looks at the first bytes of files without a telling name.
    static func sniff(path: String) -> ArtifactType? {
        guard RegularFile.exists(atPath: path), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 24), head.count >= 8 else { return nil }
        let bytes = Array(head)
        if bytes[0..<4] == [0xED, 0xAB, 0xEE, 0xDB] { return .rpm }
        if bytes.starts(with: Array("!<arch>\ndebian-binary".utf8)) || bytes.starts(with: Array("!<arch>\n".utf8)) {
            return .deb
        }
        return nil
    }
}
