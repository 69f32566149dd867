import Foundation
import TollgateCore

/// The keys a verification may trust: explicit keyring files only, never the user's own GnuPG home.
///
/// Verification runs gpg (through GPGME) in a private, temporary GnuPG home whose configuration names the keyring
/// files directly (`no-default-keyring`, `keyring FILE`), so nothing is imported and nothing of the user's is read.
/// Armored files are de-armored into the private home first.
public final class Keyring: @unchecked Sendable {
    /// The keyring files as given.
    public let files: [String]
    /// The private GnuPG home (removed when the keyring is released).
    let home: URL
    /// A digest identifying this set of keys (for caching verification results).
    public let identity: String
    /// Keys by fingerprint of the primary key and of every subkey, as Tollgate's own OpenPGP reader sees them.
    public let keys: [KeyInfo]
    private let bySubkeyID: [String: KeyInfo]
    private let byFingerprint: [String: KeyInfo]

    /// What is known about a key of the keyring.
    public struct KeyInfo: Sendable, Hashable {
        public let fingerprint: String
        public let keyID: String
        public let algorithm: String
        public let bits: Int64?
        public let created: Date
        public let userIDs: [String]
        /// Subkey fingerprint → creation time.
        public let subkeys: [String: Date]
    }

    /// Prepares a keyring from files (armored `.asc`, binary `.gpg`/`.pgp`, RPM `.pub`/`.pkey` keys).
    public convenience init(files: [String]) throws(KeyringError) {
        var contents: [(name: String, data: [UInt8])] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw KeyringError(file: file, reason: "cannot read the keyring file")
            }
            contents.append((file, Array(data)))
        }
        try self.init(contents: contents)
    }

    /// Prepares a keyring from key data in memory (say, a source package's `debian/upstream/signing-key.asc`);
    /// `name` says where each came from, for messages.
    public init(contents: [(name: String, data: [UInt8])]) throws(KeyringError) {
        var digest = SHA256()
        var keys: [KeyInfo] = []
        // All keys go into one keyring file, with copies of a key from several files merged into one keyblock:
        // gpg reads only the first copy of a key, so an old export would otherwise hide a later expiry extension.
        var combined: [UInt8] = []
        for (file, data) in contents {
            var binary = data
            if binary.first.map({ $0 & 0x80 == 0 }) ?? false {
                // Armored: de-armor every public key block into one binary keyring.
                let text = String(decoding: data, as: UTF8.self)
                let blocks = Armor.blocks(in: text).filter { $0.label == "PUBLIC KEY BLOCK" }
                guard !blocks.isEmpty else {
                    throw KeyringError(file: file, reason: "no OpenPGP public key block in the file")
                }
                binary = blocks.flatMap(\.data)
            }
            // An empty file (a failed download) would leave every signer "not in the keyring", without a word.
            guard !binary.isEmpty else { throw KeyringError(file: file, reason: "the keyring file is empty") }
            digest.update(binary)
            combined += binary
            keys += Keyring.describe(binary)
        }
        home = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-gnupg-\(UUID().uuidString)")
        let keyring = home.appendingPathComponent("keyring.gpg").path
        let config = [
            "no-default-keyring", "no-auto-key-retrieve", "no-autostart", "trust-model always", "batch",
            "no-greeting", "no-permission-warning", "keyring \(keyring)",
        ]
        try PrivateHomes.make(
            home.path,
            files: [
                ("keyring.gpg", Keyblock.deduplicated(combined).data),
                ("gpg.conf", Array((config.joined(separator: "\n") + "\n").utf8)),
            ])
        self.files = contents.map(\.name)
        self.identity = digest.finalize().hexString
        self.keys = keys
        var bySubkeyID: [String: KeyInfo] = [:]
        var byFingerprint: [String: KeyInfo] = [:]
        for key in keys {
            byFingerprint[key.fingerprint] = key
            bySubkeyID[key.keyID] = key
            for subkey in key.subkeys.keys {
                byFingerprint[subkey] = key
                bySubkeyID[String(subkey.suffix(16))] = key
            }
        }
        self.bySubkeyID = bySubkeyID
        self.byFingerprint = byFingerprint
    }

    deinit { PrivateHomes.remove(home.path) }

    /// The key owning this primary or subkey fingerprint.
    public func key(fingerprint: String) -> KeyInfo? { byFingerprint[fingerprint.uppercased()] }

    /// The key owning this primary or subkey id (16 hex digits).
    public func key(id: String) -> KeyInfo? { bySubkeyID[id.uppercased()] }

    /// Keys of binary OpenPGP data; unreadable packets are skipped (gpg decides what verifies).
    static func describe(_ binary: [UInt8]) -> [KeyInfo] {
        guard let packets = try? OpenPGPPacket.parse(binary) else { return [] }
        var out: [KeyInfo] = []
        var current: (OpenPGPPublicKey, [String], [String: Date])?
        func flush() {
            guard let (key, uids, subs) = current, !key.fingerprint.isEmpty else { return }
            out.append(
                KeyInfo(
                    fingerprint: key.fingerprint, keyID: key.keyID,
                    algorithm: OpenPGPAlgorithm.publicKey(key.algorithm),
                    bits: key.bits.map(Int64.init), created: Date(timeIntervalSince1970: TimeInterval(key.created)),
                    userIDs: uids, subkeys: subs
                )
            )
        }
        for packet in packets {
            switch packet.tag {
            case 6:
                flush()
                current = (try? OpenPGPPublicKey(body: packet.body)).map { ($0, [], [:]) }
            case 13:
                current?.1.append(String(decoding: packet.body, as: UTF8.self))
            case 14:
                if let sub = try? OpenPGPPublicKey(body: packet.body), !sub.fingerprint.isEmpty {
                    current?.2[sub.fingerprint] = Date(timeIntervalSince1970: TimeInterval(sub.created))
                }
            default: break
            }
        }
        flush()
        return out
    }
}

/// A keyring file that cannot be used, and why.
public struct KeyringError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "\(file): \(reason)" }
}
