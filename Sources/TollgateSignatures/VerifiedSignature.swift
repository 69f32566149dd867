import Foundation
import TollgateCore

/// The outcome of verifying one OpenPGP signature against a keyring.
public struct VerifiedSignature: Sendable, Hashable {
    /// `good`, `bad`, `expired-key`, `revoked-key`, `expired-signature`, `no-public-key`, or `error`.
    public var status: String
    /// Primary key fingerprint of the signer — only when the signature verified cryptographically.
    public var fingerprint: String?
    /// Fingerprint of the (sub)key that made the signature.
    public var signingKeyFingerprint: String?
    /// The issuer the signature claims (16 hex digits), whatever the outcome.
    public var claimedKeyID: String?
    public var publicKeyAlgorithm: String?
    public var keyBits: Int64?
    public var hashAlgorithm: String?
    /// When the signature says it was made.
    public var created: Date?
    /// When the signer's primary key was created.
    public var keyCreated: Date?
    /// When the signer's key expires (or expired), when it does.
    public var keyExpires: Date?
    /// User ids of the signer's key.
    public var userIDs: [String]
    /// A detail for errors (`gpg: …`).
    public var detail: String?

    /// True when the signature verified and identifies its signer.
    public var isGood: Bool { status == "good" }

    /// Creates a result.
    public init(
        status: String, fingerprint: String? = nil, signingKeyFingerprint: String? = nil, claimedKeyID: String? = nil,
        publicKeyAlgorithm: String? = nil, keyBits: Int64? = nil, hashAlgorithm: String? = nil, created: Date? = nil,
        keyCreated: Date? = nil, userIDs: [String] = [], detail: String? = nil
    ) {
        self.status = status
        self.fingerprint = fingerprint
        self.signingKeyFingerprint = signingKeyFingerprint
        self.claimedKeyID = claimedKeyID
        self.publicKeyAlgorithm = publicKeyAlgorithm
        self.keyBits = keyBits
        self.hashAlgorithm = hashAlgorithm
        self.created = created
        self.keyCreated = keyCreated
        self.userIDs = userIDs
        self.detail = detail
    }
}
