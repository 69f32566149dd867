/// A file that makes up a source package or an upload: listed in a `.dsc` or `.changes`, or an SRPM source.
public struct SourceFile: Sendable, Hashable {
    /// The file name, without directory.
    public var name: String
    /// Size in bytes, when listed.
    public var size: Int64?
    /// SHA-256, lower-case hex, when listed.
    public var sha256: String?
    /// SHA-1, lower-case hex, when listed.
    public var sha1: String?
    /// MD5, lower-case hex, when listed.
    public var md5: String?
    /// What the file is for: `orig`, `orig-signature`, `orig-component`, `debian`, `diff`, `native`, `dsc`, `deb`,
    /// `udeb`, `buildinfo`, `spec`, `source`, `patch`, `other`.
    public var role: String
    /// For `.changes`: section and priority as listed (`utils optional`); nil otherwise.
    public var section: String?
    /// Whether the file exists next to the metadata that lists it; nil when that was not checked.
    public var present: Bool?
    /// Whether the file beside the metadata has the listed size and SHA-256; nil when absent or not checked.
    public var matches: Bool?
    /// Whether the file is listed more than once with different sizes or checksums.
    public var conflicting = false

    /// Creates a source file entry.
    public init(
        name: String, size: Int64? = nil, sha256: String? = nil, sha1: String? = nil, md5: String? = nil, role: String,
        section: String? = nil, present: Bool? = nil
    ) {
        self.name = name
        self.size = size
        self.sha256 = sha256
        self.sha1 = sha1
        self.md5 = md5
        self.role = role
        self.section = section
        self.present = present
    }
}

extension SourceFile: FactSchemaDeclaring {
    public static let factTypeName = "SourceFile"
    public static let factDocumentation = """
        A file listed by a `.dsc` or `.changes`, or a Source/Patch of a source RPM.
        """
    public static let factFields = FactFieldTable<SourceFile>([
        .string("name", "File name without directory.") { $0.name },
        .int("size", "Size in bytes as listed; unset when not listed.") { $0.size },
        .string("sha256", "SHA-256 as listed (lower-case hex); unset when not listed.") { $0.sha256 },
        .string("sha1", "SHA-1 as listed; unset when not listed.") { $0.sha1 },
        .string("md5", "MD5 as listed; unset when not listed.") { $0.md5 },
        .string(
            "role",
            "`orig`, `orig-signature`, `orig-component`, `debian`, `diff`, `native`, `dsc`, `deb`, `udeb`, "
                + "`buildinfo`, `spec`, `source`, `patch`, `other`."
        ) { $0.role },
        .string("section", "For `.changes` entries: `section priority` as listed; unset otherwise.") { $0.section },
        .bool("present", "The file exists beside the file that lists it; unset when not checked.") { $0.present },
        .bool(
            "matches",
            "For a `.dsc`: the file beside it has the listed size and SHA-256 — false when they differ, when it cannot "
                + "be read or when it is listed twice with different checksums; unset when absent or listed without a "
                + "SHA-256 (not checked)."
        ) { $0.matches },
        .bool(
            "conflicting",
            "True when the file is listed more than once with different sizes or checksums (dpkg-source refuses "
                + "it; the first listing is the one given); unset otherwise."
        ) { $0.conflicting ? true : nil },
    ])
}
