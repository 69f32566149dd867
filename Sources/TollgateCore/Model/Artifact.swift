import Foundation

/// The file a fact document was read from, and where in it.
public struct Artifact: Sendable, Hashable {
    /// Path as given or found (relative to the scanned root when scanning).
    public var path: String
    /// The format: `deb`, `udeb`, `dsc`, `changes`, `rpm`, `srpm`, `packages-index`, `sources-index`,
    /// `rpm-primary`, `rpm-metadata` (what the dnf plugin knows of a package before it is downloaded), `release`,
    /// `tarball`, `git-tag`.
    public var format: String
    /// File size in bytes, when the file was read.
    public var size: Int64?
    /// SHA-256 of the file, lower-case hex, when computed.
    public var sha256: String?
    /// For index entries: the file in the repository the entry describes (`Filename`, `location href`).
    public var entryPath: String?
    /// For index entries: whether the described file exists locally; nil when not checked.
    public var entryPresent: Bool?
    /// For RPM metadata entries: the `xml:base` the package is fetched from instead of the repository itself.
    public var entryBase: String?
    /// For index entries: the described file's path leaves the repository (the file was not read).
    public var entryOutside: Bool?
    /// For a package file read through its repository's index entry: whether its checksum is the strong one the
    /// entry lists (false when the entry lists none); nil when not read through an entry.
    public var entryChecksumMatches: Bool?

    /// Creates an artefact record.
    public init(
        path: String, format: String, size: Int64? = nil, sha256: String? = nil, entryPath: String? = nil,
        entryPresent: Bool? = nil
    ) {
        self.path = path
        self.format = format
        self.size = size
        self.sha256 = sha256
        self.entryPath = entryPath
        self.entryPresent = entryPresent
    }

    /// The formats of entries in an index (`Packages`, `Sources`, `primary.xml`) rather than files of their own.
    public static let indexEntryFormats: Set<String> = [
        "packages-index", "sources-index", "rpm-primary", "rpm-metadata",
    ]

    /// Whether this is an entry in an index: it describes a package file without being it (no signature of its
    /// own, no changelog).
    public var isIndexEntry: Bool { Artifact.indexEntryFormats.contains(format) }
}

extension Artifact: FactSchemaDeclaring {
    public static let factTypeName = "Artifact"
    public static let factDocumentation = "The file a fact document was read from."
    public static let factFields = FactFieldTable<Artifact>([
        .string("path", "Path as given, or relative to the scanned root.") { $0.path },
        .string(
            "format",
            "`deb`, `udeb`, `dsc`, `changes`, `rpm`, `srpm`, `packages-index`, `sources-index`, `rpm-primary`, "
                + "`rpm-metadata` (the dnf plugin's document of a package before it is downloaded), `release` (a "
                + "Debian Release or InRelease file), `tarball`, `git-tag`."
        ) { $0.format },
        .int("size", "File size in bytes; unset for index entries.") { $0.size },
        .string("sha256", "SHA-256 of the file; unset when not computed.") { $0.sha256 },
        .string("entry_path", "For index entries: the package file the entry describes (`Filename`, `location`).") {
            $0.entryPath
        },
        .bool("entry_present", "For index entries: that package file exists locally; unset when not checked.") {
            $0.entryPresent
        },
        .string(
            "entry_base",
            "For RPM metadata entries: the `xml:base` of the package's location, or its `href` when that is a URL — "
                + "dnf fetches the package from there, not from the repository read; unset when neither."
        ) { $0.entryBase },
        .bool(
            "entry_outside",
            "For index entries: the package file's path (`Filename`, `location href`) leads out of the repository — "
                + "the package manager fetches it from there, and it was not read; unset otherwise."
        ) { $0.entryOutside },
        .bool(
            "entry_checksum_matches",
            "For a package file read through its repository's index entry (and for an RPM metadata entry whose file "
                + "was read): the file has the SHA-256 (or SHA-512; for RPM metadata, the checksum of the type it gives) "
                + "the entry lists — false when it differs or a Debian entry lists neither, as apt and dnf then refuse "
                + "it; unset when not read through an entry."
        ) { $0.entryChecksumMatches },
    ])
}

/// The repository an index entry came from.
public struct RepositoryRef: Sendable, Hashable {
    /// Root directory of the repository as scanned.
    public var root: String
    /// The index file (relative to the root).
    public var index: String
    /// Debian `Suite` / `Codename` and `Component`, when known.
    public var suite: String?
    public var codename: String?
    public var component: String?
    /// `Origin` and `Label` of the Release file, when known.
    public var origin: String?
    public var label: String?
    /// The Release file vouching for the index, and whether it is clear-signed.
    public var release: String?
    public var releaseSigned: Bool?
    /// Whether the index's checksum matches the one the Release file lists; nil when not checked.
    public var indexChecksumMatches: Bool?
    /// The Release file's `Date` and `Valid-Until`, when given.
    public var releaseDate: Date?
    public var releaseValidUntil: Date?

    /// Creates a repository reference.
    public init(
        root: String, index: String, suite: String? = nil, codename: String? = nil, component: String? = nil,
        origin: String? = nil, label: String? = nil, release: String? = nil, releaseSigned: Bool? = nil,
        indexChecksumMatches: Bool? = nil
    ) {
        self.root = root
        self.index = index
        self.suite = suite
        self.codename = codename
        self.component = component
        self.origin = origin
        self.label = label
        self.release = release
        self.releaseSigned = releaseSigned
        self.indexChecksumMatches = indexChecksumMatches
    }
}

extension RepositoryRef: FactSchemaDeclaring {
    public static let factTypeName = "Repository"
    public static let factDocumentation = "The repository and index a package entry was read from."
    public static let factFields = FactFieldTable<RepositoryRef>([
        .string("root", "Repository root directory as scanned.") { $0.root },
        .string("index", "Index file relative to the root (`dists/stable/main/binary-amd64/Packages.xz`).") {
            $0.index
        },
        .string("suite", "Debian `Suite` of the Release file.") { $0.suite },
        .string("codename", "Debian `Codename` of the Release file.") { $0.codename },
        .string("component", "Debian component (`main`) the index belongs to.") { $0.component },
        .string("origin", "`Origin` of the Release file.") { $0.origin },
        .string("label", "`Label` of the Release file.") { $0.label },
        .string("release", "Release or InRelease file vouching for the index, relative to the root.") { $0.release },
        .bool("release_signed", "That Release file carries a signature (InRelease, or Release with Release.gpg).") {
            $0.releaseSigned
        },
        .bool("index_checksum_matches", "The index matches the checksum its Release file lists; unset if unlisted.") {
            $0.indexChecksumMatches
        },
        .timestamp("release_date", "`Date` of that Release file: apt refuses a Release dated in the future.") {
            $0.releaseDate
        },
        .timestamp(
            "release_valid_until",
            "`Valid-Until` of that Release file: apt refuses the repository after it (a mirror frozen in time)."
        ) { $0.releaseValidUntil },
    ])
}
