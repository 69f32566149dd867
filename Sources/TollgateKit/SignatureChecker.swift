import Foundation
import Synchronization
import TollgateCore
import TollgateRPM
import TollgateSignatures

/// Verifies the signatures of fact documents against explicit keyrings: OpenPGP signatures with GnuPG in a private
/// home, RPM signatures with librpm (as `rpmkeys -K`). A signature names its signer only when it verified.
public final class SignatureChecker: Sendable {
    /// Verifier over the keyring files; nil when there are none (nothing is then set up: a hook that sees only
    /// unsigned .debs creates no GnuPG home).
    let gpg: GPGVerifier?
    /// librpm's check over the keyring files' keys — with none, it still checks every digest (`rpmkeys -K`).
    let rpm: RPMSignatureVerifier
    /// Problems with the keyring files (keys librpm would not take), for the user.
    public let notes: [String]
    private let packageVerifiers = Mutex<[String: GPGVerifier?]>([:])

    /// No keyring was given: only a source package's own upstream keys are used.
    let packageKeysOnly: Bool
    /// The present a repository's signature is judged against (`--now`, as policies see it).
    let now: Date

    /// A digest of the keys given (empty when none were): what a release recorded was verified against.
    public var keyringIdentity: String { gpg?.keyring.identity ?? "" }

    /// Prepares checkers for the keyring files; with none, only source packages' own upstream keys verify. `now`:
    /// the present a repository's signature must be valid in.
    public init(keyringFiles: [String], now: Date = Date()) throws {
        packageKeysOnly = keyringFiles.isEmpty
        self.now = now
        do {
            gpg = keyringFiles.isEmpty ? nil : GPGVerifier(keyring: try Keyring(files: keyringFiles))
        } catch {
            throw Problem(path: error.file, reason: error.reason)
        }
        let rpm: RPMSignatureVerifier
        do {
            rpm = try RPMSignatureVerifier(keyFiles: keyringFiles)
        } catch {
            throw Problem(path: error.path, reason: error.reason)
        }
        self.rpm = rpm
        // One note per file (a keyring of hundreds of keys librpm will not take is one fact, not hundreds).
        var rejected: [(file: String, reasons: [String])] = []
        for (file, reason) in rpm.rejected {
            if rejected.last?.file == file {
                rejected[rejected.count - 1].reasons.append(reason)
            } else {
                rejected.append((file, [reason]))
            }
        }
        notes = rejected.map { file, reasons in
            let counted = Dictionary(reasons.map { ($0, 1) }, uniquingKeysWith: +).sorted { $0.key < $1.key }
            let why = counted.map { $0.value > 1 ? "\($0.value) × \($0.key)" : $0.key }.joined(separator: "; ")
            return "\(file): note: librpm does not use \(reasons.count) key(s) of this file (\(why))"
        }
    }

    /// Verifies every signature of a document that says what it covers, and the digests of an RPM package file
    /// (signed or not, with or without keys).
    public func check(_ facts: inout PackageFacts) {
        let rpmFile = facts.rpm?.file
        // Most documents of an index carry no signature: leave their (shared) storage untouched.
        guard rpmFile != nil || facts.signatures.contains(where: { $0.subject != nil }) else { return }
        var signatures = facts.signatures
        var clearsigned: [String: [VerifiedSignature]] = [:]
        // The results each signature file has given to a signature already.
        var used: [String: Set<Int>] = [:]
        let rpmResult = rpmFile.map { rpm.verify(path: $0) }
        for i in signatures.indices {
            guard let subject = signatures[i].subject else { continue }
            // A package's own upstream keys speak for its upstream tarball only — never for the repository's
            // Release (`Release.gpg` is a detached signature too) or anything else a mirror could sign with them.
            let upstreamTarball = signatures[i].kind == "detached" && facts.artifact.format == "dsc"
            if packageKeysOnly, case .detached = subject, !upstreamTarball || facts.upstream?.keyData == nil {
                continue
            }
            switch subject {
            case .clearsigned(let file):
                guard let gpg else { continue }
                let results = clearsigned[file] ?? gpg.verifyClearsigned(file: file)
                clearsigned[file] = results
                let ordinal = signatures[..<i].filter { $0.subject == subject }.count
                let match = SignatureChecker.match(
                    results, claimedKeyID: signatures[i].claimedKeyID, ordinal: ordinal, used: &used[file, default: []])
                if let match {
                    apply(SignatureChecker.judged(match, kind: signatures[i].kind, now: now), to: &signatures[i])
                }
            case .detached(let signatureFile, let file):
                guard let data = FileManager.default.contents(atPath: signatureFile) else {
                    signatures[i].status = "error"
                    signatures[i].detail = "\(signatureFile): cannot read"
                    continue
                }
                let results = gpg?.verifyDetached(signature: Array(data), file: file) ?? []
                let ordinal = signatures[..<i].filter { $0.subject == subject }.count
                var match = SignatureChecker.match(
                    results, claimedKeyID: signatures[i].claimedKeyID, ordinal: ordinal,
                    used: &used[signatureFile, default: []])
                // An upstream tarball's signature in a source package is also checked, as uscan does, against the
                // package's own debian/upstream/signing-key.asc — only when the given keyrings do not know the key:
                // what they say of a key they hold (revoked, expired, bad) stands, since a package ships the copy of
                // the key from before its revocation.
                if match == nil || match?.status == "no-public-key", upstreamTarball,
                    let keys = facts.upstream?.keyData,
                    let own = packageVerifier(keys)?.verifyDetached(signature: Array(data), file: file).first
                {
                    match = own
                    match?.detail = "verified against the package's debian/upstream/signing-key"
                }
                if let match {
                    apply(SignatureChecker.judged(match, kind: signatures[i].kind, now: now), to: &signatures[i])
                }
            case .detachedData(let signature, let data):
                if let match = gpg?.verifyDetached(signature: signature, data: data).first {
                    apply(match, to: &signatures[i])
                }
            case .rpm(let file):
                applyRPM(rpmResult ?? rpm.verify(path: file), to: &signatures[i])
            }
        }
        facts.signatures = signatures
        if let rpmResult, var info = facts.rpm {
            info.verification = rpmResult.summary
            info.digestsOK = rpmResult.digestsOK
            facts.rpm = info
        }
    }

    /// A result as the signature's kind is judged: a repository's Release is current metadata, and apt refuses one
    /// signed only by a key that has expired since (EXPKEYSIG) — a replayed old Release would otherwise pass — or
    /// only with a hash collisions can be made for (SHA-1, MD5: "weak digest").
    static func judged(_ result: VerifiedSignature, kind: String, now: Date = Date()) -> VerifiedSignature {
        guard kind == "repository", result.status == "good" else { return result }
        var result = result
        if let expires = result.keyExpires, expires < now {
            result.status = "expired-key"
            result.detail =
                "the key expired on \(RFC3339.string(from: expires)); a repository's signature must be current"
        } else if let hash = result.hashAlgorithm, ["SHA1", "MD5", "RIPEMD160"].contains(hash.uppercased()) {
            result.status = "weak-digest"
            result.detail = "made with \(hash), a digest collisions can be made for: apt refuses it for a Release"
        }
        return result
    }

    /// The result for the signature at `ordinal` among a file's signatures: the first result not given to another
    /// signature whose key is the one it claims, else the one at its position. Each result is given once: two
    /// signatures by one key, one of them bad, must not both read as the good one.
    static func match(
        _ results: [VerifiedSignature], claimedKeyID: String?, ordinal: Int, used: inout Set<Int>
    ) -> VerifiedSignature? {
        let claimed = results.indices.first { r in
            !used.contains(r) && claimedKeyID != nil && results[r].claimedKeyID == claimedKeyID
        }
        guard let index = claimed ?? (ordinal < results.count && !used.contains(ordinal) ? ordinal : nil) else {
            return nil
        }
        used.insert(index)
        return results[index]
    }

    /// A verifier over a source package's own upstream keys, made once per distinct key file.
    private func packageVerifier(_ keys: [UInt8]) -> GPGVerifier? {
        let digest = SHA256.hash(keys).hexString
        return packageVerifiers.withLock { cache in
            if let known = cache[digest] { return known }
            let verifier = (try? Keyring(contents: [("debian/upstream/signing-key", keys)])).map {
                GPGVerifier(keyring: $0)
            }
            cache[digest] = verifier
            return verifier
        }
    }

    private func apply(_ result: VerifiedSignature, to signature: inout SignatureFacts) {
        signature.status = result.status
        signature.detail = result.detail
        // Identity only from a signature that checked out cryptographically.
        signature.fingerprint = result.fingerprint
        signature.signingKeyFingerprint = result.signingKeyFingerprint
        signature.keyBits = result.keyBits
        signature.keyCreated = result.keyCreated
        signature.signerUserIDs = result.userIDs
        if signature.claimedKeyID == nil { signature.claimedKeyID = result.claimedKeyID }
        if signature.created == nil { signature.created = result.created }
    }

    private func applyRPM(_ result: RPMSignatureVerifier.Result, to signature: inout SignatureFacts) {
        // rpm prints "Header V4 … Signature" for header-only tags, "V4 … Signature" for header+payload ones.
        let wantHeader = signature.kind == "rpm-header"
        let items = result.items.filter(\.isSignature)
        // Of the items of this kind (those claiming its key first), the worst: a BAD one always wins.
        let ofKind = items.filter { $0.description.hasPrefix("Header") == wantHeader }
        let claimed = ofKind.filter { matches($0.keyID, signature.claimedKeyID) }
        let severity = ["OK": 0, "NOTTRUSTED": 0, "NOKEY": 1]
        let item = (claimed.isEmpty ? ofKind : claimed).max { severity[$0.result] ?? 2 < severity[$1.result] ?? 2 }
        guard let item else {
            signature.status = "error"
            signature.detail = result.failure ?? "librpm reported nothing for this signature"
            return
        }
        switch item.result {
        case "OK", "NOTTRUSTED": signature.status = "good"
        // Without keys nothing was checked but the digests.
        case "NOKEY": signature.status = packageKeysOnly ? "unverified" : "no-public-key"
        default: signature.status = "bad"
        }
        if !result.digestsOK, signature.status == "good" {
            signature.status = "bad"
            signature.detail = "a header or payload digest does not match: \(result.summary)"
        }
        if signature.status == "good", let keyID = signature.claimedKeyID ?? item.keyID {
            let primary = rpm.fingerprints.first { $0.key.hasSuffix(keyID) }?.value
            signature.fingerprint = primary
            signature.keyCreated = primary.flatMap { rpm.created[$0] }
            if let primary, let info = gpg?.keyring.key(fingerprint: primary) {
                signature.signerUserIDs = info.userIDs
                signature.keyBits = info.bits
            }
        }
    }

    private func matches(_ short: String?, _ long: String?) -> Bool {
        guard let short, let long else { return false }
        return long.hasSuffix(short)
    }
}
