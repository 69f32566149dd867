import Foundation

/// A Debian `Release` or `InRelease` file: the repository's signed statement of which indexes it publishes.
public struct ReleaseFacts: Sendable {
    /// One file the Release lists, with its checksums.
    public struct IndexFile: Sendable, Hashable {
        public var path: String
        public var size: Int64
        public var md5: String?
        public var sha256: String?
        public var sha512: String?

        /// Creates an index file entry.
        public init(path: String, size: Int64, md5: String? = nil, sha256: String? = nil, sha512: String? = nil) {
            self.path = path
            self.size = size
            self.md5 = md5
            self.sha256 = sha256
            self.sha512 = sha512
        }
    }

    public var artifact: Artifact
    public var origin: String?
    public var label: String?
    public var suite: String?
    public var codename: String?
    public var version: String?
    public var date: Date?
    public var validUntil: Date?
    public var architectures: [String] = []
    public var components: [String] = []
    public var description: String?
    public var acquireByHash: Bool = false
    public var signedBy: String?
    public var files: [IndexFile] = []
    public var signatures: [SignatureFacts] = []
    /// Every field as read, except the checksum lists.
    public var fields: [(key: String, value: String)] = []

    /// Creates release facts for a file.
    public init(artifact: Artifact) {
        self.artifact = artifact
    }
}

extension ReleaseFacts.IndexFile: FactSchemaDeclaring {
    public static let factTypeName = "ReleaseFile"
    public static let factDocumentation = "An index a Release file lists, with the checksums it vouches for."
    public static let factFields = FactFieldTable<ReleaseFacts.IndexFile>([
        .string("path", "Path relative to the Release file's directory.") { $0.path },
        .int("size", "Size in bytes.") { $0.size },
        .string("md5", "`MD5Sum` entry.") { $0.md5 },
        .string("sha256", "`SHA256` entry.") { $0.sha256 },
        .string("sha512", "`SHA512` entry.") { $0.sha512 },
    ])
}

extension ReleaseFacts: FactSchemaDeclaring {
    /// The index files, signatures, architectures, components and fields it lists.
    public var factElementCount: Int {
        files.count + signatures.count + architectures.count + components.count + fields.count
    }

    public static let factTypeName = "Release"
    public static let factDocumentation = "A Debian `Release`/`InRelease` file (printed by `tollgate facts`)."
    public static let factFields = FactFieldTable<ReleaseFacts>([
        .int("schema_version", "Version of this document's shape.") { _ in PackageFacts.schemaVersion },
        .string("ecosystem", "Always `debian`.") { _ in Ecosystem.debian.rawValue },
        .string("kind", "Always `release`.") { _ in "release" },
        .object("artifact", "The file read.") { $0.artifact },
        .string("origin", "`Origin`.") { $0.origin },
        .string("label", "`Label`.") { $0.label },
        .string("suite", "`Suite`.") { $0.suite },
        .string("codename", "`Codename`.") { $0.codename },
        .string("version", "`Version`.") { $0.version },
        .timestamp("date", "`Date`.") { $0.date },
        .timestamp("valid_until", "`Valid-Until`.") { $0.validUntil },
        .strings("architectures", "`Architectures`.") { $0.architectures },
        .strings("components", "`Components`.") { $0.components },
        .string("description", "`Description`.") { $0.description },
        .bool("acquire_by_hash", "`Acquire-By-Hash: yes`.") { $0.acquireByHash },
        .string("signed_by", "`Signed-By`: the key fingerprints the Release says should sign it.") { $0.signedBy },
        .objects("files", "Indexes listed, merged across the `MD5Sum`, `SHA256` and `SHA512` lists.") { $0.files },
        .objects("signatures", "Signatures of an `InRelease` (several are common) or a `Release.gpg` beside it.") {
            $0.signatures
        },
        .stringMap("fields", "Every other field as read.") { $0.fields },
    ])
}
