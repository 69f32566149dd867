import Foundation

/// An OpenPGP signature as read from an artefact, before (or after) any verification.
///
/// What a signature *claims* (its issuer key id or fingerprint subpacket) is not an identity: only a verified
/// signature names a signer, and that comes from verification against explicit keyrings.
public struct SignatureFacts: Sendable, Hashable {
    /// How the signature is attached: `clearsigned` (`.dsc`, `.changes`, `InRelease`), `detached` (`.asc`, `.sig`),
    /// `rpm-header` (header-only signature tags), `rpm-header-payload` (legacy header+payload signatures),
    /// `git-tag`, `repository` (vouched for by a signed repository index chain).
    public var kind: String
    /// Where it was found: the RPM tag (`RSAHEADER`, `DSAHEADER`, `SIGPGP`, `SIGGPG`), the file name of a detached
    /// signature, or the index that vouches for the package.
    public var location: String
    /// `unverified` when only read; after verification `good`, `bad`, `expired-key`, `revoked-key`, `no-public-key`,
    /// `unsigned`.
    public var status: String
    /// OpenPGP signature packet version (3, 4, 5, 6), when parsed.
    public var version: Int64?
    /// Issuer key id claimed by the signature (16 upper-case hex digits), when present.
    public var claimedKeyID: String?
    /// Issuer fingerprint claimed by the signature (upper-case hex), when present.
    public var claimedFingerprint: String?
    /// Public-key algorithm: `RSA`, `DSA`, `ECDSA`, `EdDSA`, `Ed25519`, `Ed448`, `ElGamal`, … or `unknown(N)`.
    public var publicKeyAlgorithm: String?
    /// Hash algorithm: `MD5`, `SHA1`, `RIPEMD160`, `SHA224`, `SHA256`, `SHA384`, `SHA512`, `SHA3-256`, …
    public var hashAlgorithm: String?
    /// Signature creation time, as the signature states it.
    public var created: Date?
    /// OpenPGP signature type (0 binary, 1 canonical text, …).
    public var signatureType: Int64?
    /// A description as the ecosystem's own tool prints it (`rpm --qf '%{RSAHEADER:pgpsig}'`), when available.
    public var summary: String?
    /// The armored or raw signature could not be parsed: why; nil when it parsed.
    public var parseError: String?
    /// Primary key fingerprint of the signer — set only by a verification in which the signature checked out
    /// cryptographically (good, or made by a key since expired or revoked).
    public var fingerprint: String?
    /// Fingerprint of the (sub)key that made a verified signature.
    public var signingKeyFingerprint: String?
    /// Size in bits of the key that made a verified signature.
    public var keyBits: Int64?
    /// Creation time of the signer's primary key (verified signatures only).
    public var keyCreated: Date?
    /// User ids of the signer's key (verified signatures only).
    public var signerUserIDs: [String] = []
    /// Why verification could not decide (an unreadable file, a gpg error), when it could not.
    public var detail: String?
    /// What a verification needs to check this signature; not part of the fact document.
    public var subject: SignatureSubject?

    /// Creates a signature record.
    public init(
        kind: String, location: String, status: String = "unverified", version: Int64? = nil,
        claimedKeyID: String? = nil, claimedFingerprint: String? = nil, publicKeyAlgorithm: String? = nil,
        hashAlgorithm: String? = nil, created: Date? = nil, signatureType: Int64? = nil, summary: String? = nil,
        parseError: String? = nil
    ) {
        self.kind = kind
        self.location = location
        self.status = status
        self.version = version
        self.claimedKeyID = claimedKeyID
        self.claimedFingerprint = claimedFingerprint
        self.publicKeyAlgorithm = publicKeyAlgorithm
        self.hashAlgorithm = hashAlgorithm
        self.created = created
        self.signatureType = signatureType
        self.summary = summary
        self.parseError = parseError
    }
}

/// What a signature covers, so that it can be verified later against a keyring.
public enum SignatureSubject: Sendable, Hashable {
    /// An OpenPGP clear-signed file; every signature in it covers its message.
    case clearsigned(file: String)
    /// A detached signature file over another file.
    case detached(signatureFile: String, file: String)
    /// A detached signature over bytes (a git tag object's text).
    case detachedData(signature: [UInt8], data: [UInt8])
    /// An RPM package: its header and payload signatures, checked by librpm.
    case rpm(file: String)
}

extension SignatureFacts {
    /// The signature verified and identifies its signer.
    public var isVerified: Bool { status == "good" }

    /// Days between the signer's key creation and the signature (verified signatures only). A signature dated in
    /// the future counts as made now: its own date is the signer's word, and a fresh key dated years ahead would
    /// otherwise pass for an old one.
    public var keyAgeDays: Double? {
        guard let created, let keyCreated else { return nil }
        return min(created, Date()).timeIntervalSince(keyCreated) / 86_400
    }
}

extension SignatureFacts: FactSchemaDeclaring {
    public static let factTypeName = "Signature"
    public static let factDocumentation = """
        An OpenPGP signature as read from an artefact. The `claimed_*` fields are what the signature says about \
        itself and are not an identity; only verification against explicit keyrings names a signer.
        """
    public static let factFields = FactFieldTable<SignatureFacts>([
        .string(
            "kind",
            "`clearsigned`, `detached`, `rpm-header`, `rpm-header-payload`, `git-tag`, or `repository` (vouched "
                + "for by a signed index chain)."
        ) { $0.kind },
        .string("location", "Where it was found: RPM tag name, detached signature file name, or the vouching index.") {
            $0.location
        },
        .string(
            "status",
            "`unverified` when only read (no keyring given); after verification `good`, `bad`, `expired-key` (made "
                + "after its key expired), `revoked-key`, `expired-signature`, `no-public-key`, `weak-digest` (a "
                + "repository's signature made with SHA-1 or MD5, which apt refuses), or `error` (it could not be "
                + "checked: damaged or unreadable signature data, an algorithm GnuPG cannot check; see `detail`)."
        ) { $0.status },
        .int("version", "OpenPGP signature packet version.") { $0.version },
        .string("claimed_key_id", "Issuer key id the signature claims (16 hex digits); not an identity.") {
            $0.claimedKeyID
        },
        .string("claimed_fingerprint", "Issuer fingerprint the signature claims; not an identity.") {
            $0.claimedFingerprint
        },
        .string("public_key_algorithm", "`RSA`, `DSA`, `ECDSA`, `EdDSA`, `Ed25519`, … as stated by the signature.") {
            $0.publicKeyAlgorithm
        },
        .string("hash_algorithm", "`SHA1`, `SHA256`, `SHA512`, … as stated by the signature.") { $0.hashAlgorithm },
        .timestamp("created", "Signature creation time as the signature states it.") { $0.created },
        .int("signature_type", "OpenPGP signature type (0 binary document, 1 canonical text, …).") {
            $0.signatureType
        },
        .string("summary", "Description as the ecosystem's own tool prints it (rpm's `:pgpsig` format).") {
            $0.summary
        },
        .string("parse_error", "Why the signature data could not be parsed; unset when it parsed.") { $0.parseError },
        .bool("verified", "The signature verified against the given keyrings (status `good`).") { $0.isVerified },
        .string(
            "fingerprint",
            "Primary key fingerprint of the signer, from verification only (never from a claim); unset otherwise."
        ) { $0.fingerprint },
        .string("signing_key_fingerprint", "Fingerprint of the (sub)key that made a verified signature.") {
            $0.signingKeyFingerprint
        },
        .int("key_bits", "Size in bits of the key that made a verified signature.") { $0.keyBits },
        .timestamp("key_created", "Creation time of the verified signer's primary key.") { $0.keyCreated },
        .double("key_age_days", "Age of the signer's key when it signed, in days (verified signatures only).") {
            $0.keyAgeDays
        },
        .strings("signer_user_ids", "User ids of the verified signer's key.") { $0.signerUserIDs },
        .string("detail", "Why verification could not decide, when it could not.") { $0.detail },
    ])
}
