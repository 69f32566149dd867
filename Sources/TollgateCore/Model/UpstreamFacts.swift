import Foundation

/// What a Debian source package says about its upstream: signing keys, metadata, watch file.
public struct UpstreamFacts: Sendable, Hashable {
    /// The OpenPGP public keys of `debian/upstream/signing-key.asc` (or `.pgp`), as data.
    public var signingKeys: [UpstreamKey]
    /// `debian/upstream/metadata`: top-level scalar fields (`Repository`, `Bug-Database`, …).
    public var metadata: [String: String]?
    /// `debian/watch`, when present.
    public var watch: WatchFile?
    /// The key file's bytes as shipped (armored or binary), to verify the upstream tarball's signature against —
    /// as uscan does. Not part of the fact document.
    public var keyData: [UInt8]?

    /// Creates upstream facts.
    public init(signingKeys: [UpstreamKey] = [], metadata: [String: String]? = nil, watch: WatchFile? = nil) {
        self.signingKeys = signingKeys
        self.metadata = metadata
        self.watch = watch
    }
}

/// One key block of `debian/upstream/signing-key.asc`, as data.
public struct UpstreamKey: Sendable, Hashable {
    /// The key's primary key fingerprint (upper-case hex), when the packet could be parsed.
    public var fingerprint: String?
    /// The 16-digit key id, when parsed.
    public var keyID: String?
    /// User ids on the key, as written.
    public var userIDs: [String]
    /// Public-key algorithm of the primary key.
    public var algorithm: String?
    /// Key size in bits (RSA/DSA modulus, curve size), when known.
    public var bits: Int64?
    /// Key creation time, seconds since the epoch.
    public var created: Int64?
    /// Fingerprints of the subkeys.
    public var subkeys: [String]

    /// Creates a key record.
    public init(
        fingerprint: String?, keyID: String?, userIDs: [String], algorithm: String?, bits: Int64?, created: Int64?,
        subkeys: [String]
    ) {
        self.fingerprint = fingerprint
        self.keyID = keyID
        self.userIDs = userIDs
        self.algorithm = algorithm
        self.bits = bits
        self.created = created
        self.subkeys = subkeys
    }
}

/// `debian/watch`: how Debian tooling finds new upstream releases.
public struct WatchFile: Sendable, Hashable {
    /// The `version=` line's number.
    public var version: Int64?
    /// The watch lines (continuations joined, comments dropped).
    public var lines: [String]
    /// Whether a `pgpsigurlmangle`/`pgpmode` option asks for upstream signature checks.
    public var checksSignatures: Bool

    /// Creates a watch file record.
    public init(version: Int64?, lines: [String], checksSignatures: Bool) {
        self.version = version
        self.lines = lines
        self.checksSignatures = checksSignatures
    }
}

extension UpstreamFacts: FactSchemaDeclaring {
    public static let factTypeName = "Upstream"
    public static let factDocumentation = "What a Debian source package records about its upstream."
    public static let factFields = FactFieldTable<UpstreamFacts>([
        .objects("signing_keys", "Keys of `debian/upstream/signing-key.asc`, as data (not verified).") {
            $0.signingKeys
        },
        .stringMap("metadata", "`debian/upstream/metadata` top-level scalar fields; unset when the file is absent.") {
            $0.metadata.map { $0.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) } }
        },
        .object("watch", "`debian/watch`; unset when absent.") { $0.watch },
    ])
}

extension UpstreamKey: FactSchemaDeclaring {
    public static let factTypeName = "UpstreamKey"
    public static let factDocumentation = "An OpenPGP public key shipped in `debian/upstream/signing-key.asc`."
    public static let factFields = FactFieldTable<UpstreamKey>([
        .string("fingerprint", "Primary key fingerprint, upper-case hex.") { $0.fingerprint },
        .string("key_id", "Primary key id (last 16 hex digits of the fingerprint).") { $0.keyID },
        .strings("user_ids", "User ids on the key, as written.") { $0.userIDs },
        .string("algorithm", "Primary key algorithm (`RSA`, `EdDSA`, …).") { $0.algorithm },
        .int("bits", "Key size in bits.") { $0.bits },
        .timestamp("created", "Primary key creation time.") {
            $0.created.map { .init(timeIntervalSince1970: Double($0)) }
        },
        .strings("subkeys", "Subkey fingerprints.") { $0.subkeys },
    ])
}

extension WatchFile: FactSchemaDeclaring {
    public static let factTypeName = "WatchFile"
    public static let factDocumentation = "`debian/watch`: where Debian looks for new upstream releases."
    public static let factFields = FactFieldTable<WatchFile>([
        .int("version", "The `version=` number.") { $0.version },
        .strings("lines", "Watch lines, continuations joined, comments dropped.") { $0.lines },
        .bool("checks_signatures", "A `pgpsigurlmangle` or `pgpmode` option asks uscan to check signatures.") {
            $0.checksSignatures
        },
    ])
}
