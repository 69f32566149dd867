import CRPM
import Foundation
import TollgateCore

/// Verifies RPM packages the way `rpmkeys -K` does — librpm's own rpmcliVerifySignatures, which checks header and
/// payload digests and every signature — against an in-memory keyring of explicit key files (never the rpm
/// database of the host).
public final class RPMSignatureVerifier: @unchecked Sendable {
    // The keyring is immutable after init; librpm's verbosity and logging are global, so verifications are
    // serialised by `lock`.
    private let keyring: rpmKeyring
    private static let lock = NSLock()
    /// Keys loaded, by 16-digit key id of the primary and of each subkey → primary fingerprint.
    public let fingerprints: [String: String]
    /// Key creation times by primary fingerprint.
    public let created: [String: Date]
    /// Key files (or keys in them) librpm would not take, and why: like `rpmkeys --import`, they are skipped.
    public let rejected: [(file: String, reason: String)]

    /// One item rpm checked: a digest or a signature.
    public struct Item: Sendable, Hashable {
        /// The description rpm prints (`Header V4 RSA/SHA256 Signature, key ID 1964c5fc`).
        public var description: String
        /// `OK`, `BAD`, `NOKEY`, `NOTTRUSTED`.
        public var result: String
        /// What rpm says after the result (`(Expected … != …)`), if anything.
        public var detail: String = ""
        /// True for signatures, false for digests.
        public var isSignature: Bool
        /// The (short or long) key id rpm names.
        public var keyID: String?
    }

    /// The outcome for one package.
    public struct Result: Sendable, Hashable {
        public var items: [Item]
        /// Why nothing could be checked, when nothing could.
        public var failure: String?
        /// Each item that is not `OK`, as rpm says it (`Payload SHA256 digest: BAD (Expected … != …)`), separated
        /// by `; `; empty when every item is.
        public var summary: String {
            if let failure { return failure }
            return items.filter { $0.result != "OK" }.map {
                "\($0.description): \($0.result)" + ($0.detail.isEmpty ? "" : " \($0.detail)")
            }.joined(separator: "; ")
        }
        /// Every digest verified.
        public var digestsOK: Bool {
            failure == nil && items.filter { !$0.isSignature }.allSatisfy { $0.result == "OK" }
        }
        /// The overall classification: `good`, `bad`, `no-public-key` or `unsigned`.
        public var classification: String {
            let signatures = items.filter(\.isSignature)
            if items.contains(where: { $0.result == "BAD" }) { return "bad" }
            if signatures.isEmpty { return "unsigned" }
            if signatures.contains(where: { $0.result == "NOKEY" }) { return "no-public-key" }
            return "good"
        }
    }

    /// Loads the key files (armored or binary; each may hold several keys). Keys librpm rejects are skipped and
    /// listed in ``rejected``.
    public init(keyFiles: [String]) throws(RPMReadError) {
        RPMLibrary.prepare()
        guard let keyring = rpmKeyringNew() else {
            throw RPMReadError(path: "keyring", reason: "librpm: cannot create a keyring")
        }
        self.keyring = keyring
        var fingerprints: [String: String] = [:]
        var created: [String: Date] = [:]
        var rejected: [(file: String, reason: String)] = []
        for file in keyFiles {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw RPMReadError(path: file, reason: "cannot read the key file")
            }
            var binary = Array(data)
            if binary.first.map({ $0 & 0x80 == 0 }) ?? false {
                let blocks = Armor.blocks(in: String(decoding: data, as: UTF8.self)).filter {
                    $0.label == "PUBLIC KEY BLOCK"
                }
                guard !blocks.isEmpty else {
                    rejected.append((file, "no OpenPGP public key block"))
                    continue
                }
                binary = blocks.flatMap(\.data)
            }
            // One rpm key per transferable public key: split at each primary key packet.
            guard let packets = try? OpenPGPPacket.parse(binary) else {
                rejected.append((file, "malformed OpenPGP key data"))
                continue
            }
            var keys: [[UInt8]] = []
            var starts: [Int] = []
            var position = 0
            var primary: String?
            for packet in packets {
                if packet.tag == 6 { starts.append(position) }
                position += RPMSignatureVerifier.headerLength(binary, at: position) + packet.body.count
                if packet.tag == 6, let key = try? OpenPGPPublicKey(body: packet.body), !key.fingerprint.isEmpty {
                    primary = key.fingerprint
                    fingerprints[key.keyID] = key.fingerprint
                    created[key.fingerprint] = Date(timeIntervalSince1970: TimeInterval(key.created))
                }
                if packet.tag == 14, let primary, let sub = try? OpenPGPPublicKey(body: packet.body),
                    !sub.fingerprint.isEmpty
                {
                    fingerprints[sub.keyID] = primary
                }
            }
            for (i, start) in starts.enumerated() {
                let end = i + 1 < starts.count ? starts[i + 1] : binary.count
                keys.append(Array(binary[start..<end]))
            }
            for key in keys {
                let added = key.withUnsafeBufferPointer { buffer -> Bool in
                    guard let pubkey = rpmPubkeyNew(buffer.baseAddress, buffer.count) else { return false }
                    defer { rpmPubkeyFree(pubkey) }
                    _ = rpmKeyringAddKey(keyring, pubkey)
                    var count: Int32 = 0
                    if let subkeys = rpmGetSubkeys(pubkey, &count) {
                        for i in 0..<Int(count) {
                            if let sub = subkeys[i] {
                                _ = rpmKeyringAddKey(keyring, sub)
                                rpmPubkeyFree(sub)
                            }
                        }
                        free(subkeys)
                    }
                    return true
                }
                if !added { rejected.append((file, "librpm does not accept this key")) }
            }
        }
        self.fingerprints = fingerprints
        self.created = created
        self.rejected = rejected
    }

    deinit { rpmKeyringFree(keyring) }

    /// Length of the OpenPGP packet header at `position`.
    static func headerLength(_ data: [UInt8], at position: Int) -> Int {
        guard position < data.count else { return 0 }
        let header = data[position]
        if header & 0x40 != 0 {
            guard position + 1 < data.count else { return 1 }
            let first = data[position + 1]
            if first < 192 { return 2 }
            if first < 224 { return 3 }
            if first == 255 { return 6 }
            return 2
        }
        switch header & 0x03 {
        case 0: return 2
        case 1: return 3
        case 2: return 5
        default: return 1
        }
    }

    /// Verifies a package file as `rpmkeys -Kv` does.
    ///
    /// librpm reports only through its log, as text, and names the file there: the file is opened here and given
    /// to librpm as `/proc/self/fd/N`, so that no text of the caller's (a file name holding a line break and a
    /// forged "…: OK" line) reaches the log read back.
    public func verify(path: String) -> Result {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return Result(items: [], failure: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let name = "/proc/self/fd/\(descriptor)"
        RPMSignatureVerifier.lock.lock()
        defer { RPMSignatureVerifier.lock.unlock() }
        RPMLibrary.capture.withLock { $0 = [] }
        tg_rpm_log_info()
        defer {
            RPMLibrary.capture.withLock { $0 = nil }
            tg_rpm_log_errors_only()
        }
        guard let ts = rpmtsCreate() else { return Result(items: [], failure: "librpm: no transaction set") }
        defer { rpmtsFree(ts) }
        _ = rpmtsSetKeyring(ts, keyring)
        let cPath = strdup(name)
        defer { free(cPath) }
        var argv: [UnsafeMutablePointer<CChar>?] = [cPath, nil]
        _ = argv.withUnsafeMutableBufferPointer { rpmcliVerifySignatures(ts, $0.baseAddress) }
        return RPMSignatureVerifier.parse(RPMLibrary.capture.withLock { $0 ?? [] }, name: name)
    }

    /// Reads rpm's verbose verification output for the file it was given as `name`.
    static func parse(_ messages: [String], name: String) -> Result {
        var items: [Item] = []
        var failure: String?
        for message in messages {
            for raw in message.split(separator: "\n") {
                let line = raw.trimmingWhitespace()
                if line.hasPrefix(name + ":") {
                    // The file's own line: empty with -v, else the reason it could not be read.
                    let rest = line.dropFirst(name.count + 1).trimmingWhitespace()
                    if !rest.isEmpty { failure = String(rest) }
                    continue
                }
                // "<description>: <RESULT>[ (detail)]"; the detail may itself hold ": ".
                var found: (description: String, result: String, detail: String)?
                for result in ["OK", "BAD", "NOKEY", "NOTTRUSTED"] {
                    if let range = line.range(of: ": " + result),
                        range.upperBound == line.endIndex || line[range.upperBound] == " "
                    {
                        found = (
                            String(line[..<range.lowerBound]), result,
                            String(line[range.upperBound...].trimmingWhitespace())
                        )
                        break
                    }
                }
                // NOTFOUND names an item the package does not carry: not an item at all.
                guard let (description, result, detail) = found else { continue }
                let isSignature = description.lowercased().contains("signature")
                var keyID: String?
                if let range = description.range(of: "key ID ") {
                    keyID = String(description[range.upperBound...]).uppercased()
                }
                items.append(
                    Item(
                        description: description, result: result, detail: detail, isSignature: isSignature,
                        keyID: keyID))
            }
        }
        return Result(items: items, failure: items.isEmpty ? failure ?? "librpm reported nothing" : nil)
    }
}
