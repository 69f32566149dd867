/// What an upstream release tarball carries, read member by member and compared with the git tree it claims to come
/// from: files only in one of them or different in both (by category), its m4 macros against known-good ones, the
/// build system's suspicious shell idioms, and the test data files that nobody can read.
public struct IntegrityFacts: Sendable, Hashable {
    /// The tarballs read (file names).
    public var tarballs: [String] = []
    /// The git side compared with (`git tree listing FILE`, `git REPO at REF`); nil when there was none.
    public var reference: String?
    /// Members read (regular files), and entries of the git tree (blobs).
    public var tarballFiles: Int64 = 0
    public var gitFiles: Int64 = 0
    public var onlyInTarball: [DriftFile] = []
    public var onlyInGit: [DriftFile] = []
    public var modified: [DriftFile] = []
    public var categories: [DriftCategory] = []
    public var archiveProblems: [ArchiveFinding] = []
    public var m4: [M4FileFacts] = []
    public var indicators: [BuildIndicator] = []
    public var testDataFiles: Int64 = 0
    public var opaqueTestFiles: Int64 = 0
    /// Test data files that are opaque, new in this release, or matched by a build script.
    public var testFiles: [TestFileFacts] = []
    /// The earlier release the test files were compared with (from the history); nil when none was known.
    public var previousRelease: String?
    /// The riskiest build dependency the history has a score for.
    public var buildDependencyRisk: BuildDependencyRisk?
    /// The m4 database used (`path`, entries), nil when none.
    public var m4Database: String?
    /// Every test data file of the tarball: its git blob id by path (for the history; not part of the fact
    /// document).
    public var testDataBlobs: [String: String] = [:]

    /// Creates empty integrity facts.
    public init() {}

    /// Whether a git side was compared.
    public var compared: Bool { reference != nil }
}

/// A file only in the tarball, only in git, or different in both.
public struct DriftFile: Sendable, Hashable {
    public var path: String
    public var category: String
    public var size: Int64?
    public var tarballBlob: String?
    public var gitBlob: String?

    /// Creates a drift entry.
    public init(path: String, category: String, size: Int64?, tarballBlob: String?, gitBlob: String?) {
        self.path = path
        self.category = category
        self.size = size
        self.tarballBlob = tarballBlob
        self.gitBlob = gitBlob
    }
}

/// Drift counts of one category of files.
public struct DriftCategory: Sendable, Hashable {
    public var category: String
    public var onlyInTarball: Int64 = 0
    public var onlyInGit: Int64 = 0
    public var modified: Int64 = 0
    /// Bytes of the tarball's files in this category that are only in the tarball or modified.
    public var bytes: Int64 = 0

    /// Creates an empty count.
    public init(category: String) { self.category = category }
}

/// An unsafe or unreadable archive member, reported instead of a crash.
public struct ArchiveFinding: Sendable, Hashable {
    public var kind: String
    public var path: String
    public var detail: String
    public var tarball: String

    /// Creates a finding.
    public init(kind: String, path: String, detail: String, tarball: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
        self.tarball = tarball
    }
}

/// An m4 macro file of the tarball, against the known-good macro database and the history.
public struct M4FileFacts: Sendable, Hashable {
    public var path: String
    public var name: String
    public var serial: Int64?
    /// In git too (same path); nil when no git side was compared.
    public var inGit: Bool?
    /// In git with different content.
    public var modified: Bool = false
    /// `known`, `known-name` (the name is known, this content is not), `unknown-name`, or `no-database`.
    public var status: String
    /// Where the known content comes from (`autoconf 2.71-3`), for `known`.
    public var knownAs: [String] = []
    public var highestKnownSerial: Int64?
    /// The serial is higher than every known version of this name.
    public var serialOutranksKnown: Bool = false
    /// Other packages of the history shipping this name with this content, and with this name at all.
    public var packagesWithSameContent: Int64?
    public var packagesWithSameName: Int64?
    /// Build indicators found in this file.
    public var indicators: Int64 = 0
    /// SHA-256 of the whitespace-normalised content.
    public var digest: String

    /// Creates m4 facts.
    public init(path: String, name: String, status: String, digest: String) {
        self.path = path
        self.name = name
        self.status = status
        self.digest = digest
    }
}

/// A suspicious shell idiom in a build-system file, with where it is and what it says.
public struct BuildIndicator: Sendable, Hashable {
    public var path: String
    public var line: Int64
    /// `binary-search-of-tree`, `byte-translation`, `byte-slicing`, `decompress-to-shell`, `pipe-to-shell`,
    /// `reads-test-data`, `pattern-matches-test-data`, `analysis-stopped`.
    public var kind: String
    public var text: String
    /// How the file relates to git: `tarball-only`, `modified`, `in-git`, or `unknown` (no git side).
    public var origin: String
    /// Test data files the idiom's search pattern or path matches.
    public var matches: [String] = []

    /// Creates an indicator.
    public init(path: String, line: Int64, kind: String, text: String, origin: String) {
        self.path = path
        self.line = line
        self.kind = kind
        self.text = text
        self.origin = origin
    }
}

/// A test data file that is opaque, new, or matched by the build.
public struct TestFileFacts: Sendable, Hashable {
    public var path: String
    public var size: Int64
    /// Shannon entropy of the content, bits per byte (0–8).
    public var entropy: Double
    public var binary: Bool
    /// The format its name or first bytes claim (`xz`, `gzip`, `png`, …).
    public var claimedFormat: String?
    /// Whether a claimed compression format decodes to its end; nil when not checked.
    public var decodes: Bool?
    public var opaque: Bool
    /// Why it is opaque: `binary`, `high-entropy`, `format-mismatch`, `does-not-decode`.
    public var reasons: [String] = []
    public var inGit: Bool?
    /// Not in the previous release the history knows; nil when no previous release was known.
    public var newInRelease: Bool?
    /// In the previous release too, with other content; nil when no previous release (or its content) was known.
    public var changedInRelease: Bool?
    /// A test script names it.
    public var referencedByTests: Bool = false
    /// Build indicators (`path:line`) whose pattern or path matches it.
    public var matchedBy: [String] = []

    /// Creates test file facts.
    public init(path: String, size: Int64, entropy: Double, binary: Bool, opaque: Bool) {
        self.path = path
        self.size = size
        self.entropy = entropy
        self.binary = binary
        self.opaque = opaque
    }
}

/// The riskiest build dependency by its latest score in the history.
public struct BuildDependencyRisk: Sendable, Hashable {
    public var package: String
    public var score: Int64
    public var decision: String

    /// Creates a record.
    public init(package: String, score: Int64, decision: String) {
        self.package = package
        self.score = score
        self.decision = decision
    }
}
