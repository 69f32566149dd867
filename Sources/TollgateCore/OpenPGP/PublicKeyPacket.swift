/// The readable parts of an OpenPGP public key or subkey packet, with its fingerprint.
public struct OpenPGPPublicKey: Sendable, Hashable {
    public var version: Int
    /// Creation time, seconds since the epoch.
    public var created: UInt32
    public var algorithm: Int
    /// Key size in bits, when the algorithm's material could be measured.
    public var bits: Int?
    /// Upper-case hex fingerprint (SHA-1 for v4, SHA-256 for v5/v6).
    public var fingerprint: String

    /// The key id: the low 64 bits of a v4 fingerprint, the high 64 bits of a v5/v6 one.
    public var keyID: String {
        version == 4 ? String(fingerprint.suffix(16)) : String(fingerprint.prefix(16))
    }

    /// Parses a public key (tag 6) or public subkey (tag 14) packet body.
    public init(body: ArraySlice<UInt8>) throws(OpenPGPError) {
        let b = Array(body)
        guard b.count >= 6 else { throw OpenPGPError("public key packet too short") }
        version = Int(b[0])
        created = UInt32(b[1]) << 24 | UInt32(b[2]) << 16 | UInt32(b[3]) << 8 | UInt32(b[4])
        var material: ArraySlice<UInt8>
        switch version {
        case 4:
            algorithm = Int(b[5])
            material = b[6...]
            fingerprint = SHA1.hash([0x99, UInt8(b.count >> 8 & 0xFF), UInt8(b.count & 0xFF)] + b).hexString
                .uppercased()
        case 5, 6:
            guard b.count >= 10 else { throw OpenPGPError("v\(version) public key packet too short") }
            algorithm = Int(b[5])
            material = b[10...]
            let prefix: UInt8 = version == 5 ? 0x9A : 0x9B
            let n = b.count
            let header: [UInt8] = [
                prefix, UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF),
            ]
            fingerprint = SHA256.hash(header + b).hexString.uppercased()
        case 3:
            guard b.count >= 8 else { throw OpenPGPError("v3 public key packet too short") }
            algorithm = Int(b[7])
            material = b[8...]
            // v3 fingerprints are MD5 of the MPIs; not computed here (v3 keys are obsolete).
            fingerprint = ""
        default:
            throw OpenPGPError("unsupported public key packet version \(version)")
        }
        bits = OpenPGPPublicKey.measure(algorithm: algorithm, material: material)
    }

    private static func measure(algorithm: Int, material: ArraySlice<UInt8>) -> Int? {
        switch algorithm {
        case 1, 2, 3, 16, 17, 20:
            // First MPI: RSA n, DSA p, ElGamal p.
            guard material.count >= 2 else { return nil }
            return Int(material[material.startIndex]) << 8 | Int(material[material.startIndex + 1])
        case 18, 19, 22:
            guard let length = material.first, material.count > Int(length) else { return nil }
            let oid = material[(material.startIndex + 1)..<(material.startIndex + 1 + Int(length))]
            return OpenPGPAlgorithm.curveBits(oid).map(Int.init)
        case 25, 27: return 255
        case 26, 28: return 448
        default: return nil
        }
    }
}

extension UpstreamKey {
    /// Reads each transferable public key of armored or binary key data as a record.
    public static func read(_ data: [UInt8]) throws(OpenPGPError) -> [UpstreamKey] {
        var binaries: [[UInt8]] = [data]
        if data.first.map({ $0 & 0x80 == 0 }) ?? false, let text = String(bytes: data, encoding: .utf8) {
            binaries = Armor.blocks(in: text).filter { $0.label == "PUBLIC KEY BLOCK" }.map(\.data)
        }
        var keys: [UpstreamKey] = []
        for binary in binaries {
            for packet in try OpenPGPPacket.parse(binary) {
                switch packet.tag {
                case 6:
                    let key = try OpenPGPPublicKey(body: packet.body)
                    keys.append(
                        UpstreamKey(
                            fingerprint: key.fingerprint.isEmpty ? nil : key.fingerprint,
                            keyID: key.fingerprint.isEmpty ? nil : key.keyID, userIDs: [],
                            algorithm: OpenPGPAlgorithm.publicKey(key.algorithm), bits: key.bits.map(Int64.init),
                            created: Int64(key.created), subkeys: []
                        )
                    )
                case 13 where !keys.isEmpty:
                    keys[keys.count - 1].userIDs.append(String(decoding: packet.body, as: UTF8.self))
                case 14 where !keys.isEmpty:
                    let sub = try OpenPGPPublicKey(body: packet.body)
                    keys[keys.count - 1].subkeys.append(sub.fingerprint)
                default: break
                }
            }
        }
        return keys
    }
}
