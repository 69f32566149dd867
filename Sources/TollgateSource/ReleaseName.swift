/// Name and version of an upstream release file: `NAME-VERSION.tar.*`, `NAME_VERSION.orig.tar.*`.
public struct ReleaseName: Sendable, Hashable {
    public var name: String
    public var version: String
    /// The archive suffix (`.tar.gz`, `.zip`).
    public var archiveSuffix: String

    static let suffixes = [
        ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tar.lz", ".tar.lzma", ".tgz", ".tbz2", ".txz", ".zip", ".tar",
    ]

    /// Whether a file name ends like a release archive (`.tar.gz`, `.tar.xz`, `.zip`, …), whatever its stem.
    public static func isTarball(_ fileName: String) -> Bool { suffixes.contains { fileName.hasSuffix($0) } }

    /// Parses a file name; nil when it is not `NAME-VERSION.ARCHIVE` (the version must start with a digit).
    public init?(fileName: String) {
        guard let suffix = ReleaseName.suffixes.first(where: { fileName.hasSuffix($0) }) else { return nil }
        var stem = Substring(fileName.dropLast(suffix.count))
        archiveSuffix = suffix
        if stem.hasSuffix(".orig"), let underscore = stem.lastIndex(of: "_") {
            // Debian's NAME_VERSION.orig.tar.*
            stem = stem.dropLast(5)
            name = String(stem[..<underscore])
            version = String(stem[stem.index(after: underscore)...])
            guard !name.isEmpty, !version.isEmpty else { return nil }
            return
        }
        var split: String.Index?
        var index = stem.endIndex
        while index > stem.startIndex {
            index = stem.index(before: index)
            let next = stem.index(after: index)
            if stem[index] == "-", next < stem.endIndex, stem[next].isNumber {
                split = index
                break
            }
        }
        guard let split else { return nil }
        name = String(stem[..<split])
        version = String(stem[stem.index(after: split)...])
        guard !name.isEmpty, !version.isEmpty else { return nil }
    }

    /// The version named by a tag: `v1.2`, `release-1.2`, `NAME-1.2`, `1.2`; nil when no digit starts one.
    public static func version(ofTag tag: String, name: String?) -> String? {
        var text = Substring(tag)
        if let name, text.hasPrefix(name + "-") || text.hasPrefix(name + "_") { text = text.dropFirst(name.count + 1) }
        for prefix in ["release-", "release_", "version-", "v", "V"] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if rest.first?.isNumber == true {
                text = rest
                break
            }
        }
        return text.first?.isNumber == true ? String(text) : nil
    }
}
