import CGPGME
import Foundation
import Synchronization
import TollgateCore

/// Verifies OpenPGP signatures with GnuPG (through GPGME) against a ``Keyring``, in its private home.
///
/// Each verification runs gpg (tens of milliseconds), so results are cached by the digests of the signature and of
/// the signed data: verifying the same file again costs nothing.
public final class GPGVerifier: Sendable {
    public let keyring: Keyring
    private let cache = Mutex<[String: [VerifiedSignature]]>([:])
    private static let initialised: String = String(cString: tg_gpgme_initialise())

    /// Creates a verifier for a keyring.
    public init(keyring: Keyring) {
        _ = GPGVerifier.initialised
        self.keyring = keyring
    }

    /// Verifies an OpenPGP clear-signed file (`.dsc`, `.changes`, `InRelease`): one result per signature in it.
    public func verifyClearsigned(file: String) -> [VerifiedSignature] {
        guard let data = FileManager.default.contents(atPath: file) else {
            return [VerifiedSignature(status: "error", detail: "\(file): cannot read")]
        }
        return cached(key: "clear:" + SHA256.hash(Array(data)).hexString) {
            verify(signature: Array(data), signedText: nil)
        }
    }

    /// Verifies a detached signature (armored or binary) over a file.
    public func verifyDetached(signature: [UInt8], file: String) -> [VerifiedSignature] {
        guard let digest = FileDigest.sha256(path: file) else {
            return [VerifiedSignature(status: "error", detail: "\(file): cannot read the signed file")]
        }
        return cached(key: "detached:" + SHA256.hash(signature).hexString + ":" + digest.sha256) {
            verifyDetachedFile(signature: signature, file: file)
        }
    }

    /// Verifies a detached signature over bytes (a git tag object's text).
    public func verifyDetached(signature: [UInt8], data: [UInt8]) -> [VerifiedSignature] {
        cached(key: "detached:" + SHA256.hash(signature).hexString + ":" + SHA256.hash(data).hexString) {
            verify(signature: signature, signedText: data)
        }
    }

    private func cached(key: String, _ compute: () -> [VerifiedSignature]) -> [VerifiedSignature] {
        let full = keyring.identity + ":" + key
        if let hit = cache.withLock({ $0[full] }) { return hit }
        let result = compute()
        cache.withLock { $0[full] = result }
        return result
    }

    // MARK: GPGME

    private func context() -> gpgme_ctx_t? {
        var ctx: gpgme_ctx_t?
        guard gpgme_new(&ctx) == 0, let ctx else { return nil }
        gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP)
        gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, nil, keyring.home.path)
        gpgme_set_offline(ctx, 1)
        return ctx
    }

    private func verifyDetachedFile(signature: [UInt8], file: String) -> [VerifiedSignature] {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { return [VerifiedSignature(status: "error", detail: "\(file): cannot open")] }
        defer { close(fd) }
        var text: gpgme_data_t?
        guard gpgme_data_new_from_fd(&text, fd) == 0, let text else {
            return [VerifiedSignature(status: "error", detail: "gpgme: cannot wrap \(file)")]
        }
        defer { gpgme_data_release(text) }
        return run(signature: signature, signedText: text)
    }

    private func verify(signature: [UInt8], signedText: [UInt8]?) -> [VerifiedSignature] {
        guard let signedText else { return run(signature: signature, signedText: nil) }
        return signedText.withUnsafeBufferPointer { buffer in
            var text: gpgme_data_t?
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            guard gpgme_data_new_from_mem(&text, base, buffer.count, 1) == 0, let text else {
                return [VerifiedSignature(status: "error", detail: "gpgme: cannot wrap the signed data")]
            }
            defer { gpgme_data_release(text) }
            return run(signature: signature, signedText: text)
        }
    }

    private func run(signature: [UInt8], signedText: gpgme_data_t?) -> [VerifiedSignature] {
        guard let ctx = context() else { return [VerifiedSignature(status: "error", detail: "gpgme: no context")] }
        defer { gpgme_release(ctx) }
        return signature.withUnsafeBufferPointer { buffer -> [VerifiedSignature] in
            var sig: gpgme_data_t?
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            guard gpgme_data_new_from_mem(&sig, base, buffer.count, 1) == 0, let sig else {
                return [VerifiedSignature(status: "error", detail: "gpgme: cannot wrap the signature")]
            }
            defer { gpgme_data_release(sig) }
            var plain: gpgme_data_t?
            if signedText == nil { gpgme_data_new(&plain) }
            defer { if let plain { gpgme_data_release(plain) } }
            let rc = gpgme_op_verify(ctx, sig, signedText, plain)
            guard let result = gpgme_op_verify_result(ctx) else {
                return [VerifiedSignature(status: "error", detail: "gpg: \(errorText(rc))")]
            }
            var out: [VerifiedSignature] = []
            var cursor = result.pointee.signatures
            while let s = cursor {
                out.append(describe(s.pointee, ctx: ctx))
                cursor = s.pointee.next
            }
            if out.isEmpty {
                return [VerifiedSignature(status: "error", detail: "gpg: no signature found (\(errorText(rc)))")]
            }
            return out
        }
    }

    private func describe(_ s: _gpgme_signature, ctx: gpgme_ctx_t) -> VerifiedSignature {
        let code = gpgme_err_code(s.status)
        let summary = s.summary.rawValue
        let signingFPR = s.fpr.map { String(cString: $0).uppercased() }
        var status: String
        switch code {
        case GPG_ERR_NO_ERROR: status = "good"
        case GPG_ERR_BAD_SIGNATURE: status = "bad"
        case GPG_ERR_NO_PUBKEY: status = "no-public-key"
        case GPG_ERR_KEY_EXPIRED: status = "expired-key"
        case GPG_ERR_CERT_REVOKED: status = "revoked-key"
        case GPG_ERR_SIG_EXPIRED: status = "expired-signature"
        default: status = "error"
        }
        if status == "good" || status == "error" {
            if summary & GPGME_SIGSUM_KEY_REVOKED.rawValue != 0 {
                status = "revoked-key"
            } else if summary & GPGME_SIGSUM_KEY_EXPIRED.rawValue != 0 {
                status = "expired-key"
            } else if summary & GPGME_SIGSUM_SIG_EXPIRED.rawValue != 0 {
                status = "expired-signature"
            }
        }
        let signedAt = s.timestamp > 0 ? Date(timeIntervalSince1970: TimeInterval(s.timestamp)) : nil
        var result = VerifiedSignature(
            status: status, claimedKeyID: signingFPR.map { $0.count > 16 ? String($0.suffix(16)) : $0 },
            publicKeyAlgorithm: gpgme_pubkey_algo_name(s.pubkey_algo).map { String(cString: $0) },
            hashAlgorithm: gpgme_hash_algo_name(s.hash_algo).map { String(cString: $0) },
            created: s.timestamp > 0 ? Date(timeIntervalSince1970: TimeInterval(s.timestamp)) : nil,
            detail: status == "error" ? "gpg: \(errorText(s.status))" : nil
        )
        // The signer's identity only from a signature that verified cryptographically.
        let cryptographicallyValid = ["good", "expired-key", "revoked-key", "expired-signature"].contains(status)
        if cryptographicallyValid, let signingFPR {
            result.signingKeyFingerprint = signingFPR
            var key: gpgme_key_t?
            if gpgme_get_key(ctx, signingFPR, &key, 0) == 0, let key {
                defer { gpgme_key_unref(key) }
                if let primary = key.pointee.subkeys {
                    result.fingerprint = primary.pointee.fpr.map { String(cString: $0).uppercased() }
                    result.keyCreated =
                        primary.pointee.timestamp > 0
                        ? Date(timeIntervalSince1970: TimeInterval(primary.pointee.timestamp)) : nil
                    var sub = primary.pointee.next
                    var signingBits = Int64(primary.pointee.length)
                    while let current = sub {
                        if current.pointee.fpr.map({ String(cString: $0).uppercased() }) == signingFPR {
                            signingBits = Int64(current.pointee.length)
                        }
                        sub = current.pointee.next
                    }
                    result.keyBits = signingBits
                    // A key that has expired since it signed does not spoil the signature: it was made while the
                    // key was valid. Only a signature made after expiry is "expired-key". (When it expired stays
                    // known: a repository's signature is judged against the present.)
                    if status == "expired-key", let signedAt {
                        var expiry: Date?
                        var cursor: UnsafeMutablePointer<_gpgme_subkey>? = primary
                        while let k = cursor {
                            if k.pointee.fpr.map({ String(cString: $0).uppercased() }) == signingFPR,
                                k.pointee.expires > 0
                            {
                                expiry = Date(timeIntervalSince1970: TimeInterval(k.pointee.expires))
                            }
                            cursor = k.pointee.next
                        }
                        if primary.pointee.expires > 0 {
                            let primaryExpiry = Date(timeIntervalSince1970: TimeInterval(primary.pointee.expires))
                            expiry = min(expiry ?? primaryExpiry, primaryExpiry)
                        }
                        result.keyExpires = expiry
                        if let expiry, signedAt < expiry { result.status = "good" }
                    }
                }
                var uid = key.pointee.uids
                while let u = uid {
                    if let text = u.pointee.uid { result.userIDs.append(String(cString: text)) }
                    uid = u.pointee.next
                }
            } else if let info = keyring.key(fingerprint: signingFPR) {
                result.fingerprint = info.fingerprint
                result.keyCreated = info.created
                result.keyBits = info.bits
                result.userIDs = info.userIDs
            }
        }
        return result
    }

    private func errorText(_ err: gpgme_error_t) -> String {
        gpgme_strerror(err).map { String(cString: $0) } ?? "error \(err)"
    }
}
