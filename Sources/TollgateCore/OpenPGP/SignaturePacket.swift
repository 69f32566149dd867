import Foundation

/// The readable parts of an OpenPGP signature packet: what it claims, not whether it is true.
public struct OpenPGPSignature: Sendable, Hashable {
    public var version: Int
    public var signatureType: Int
    public var publicKeyAlgorithm: Int
    public var hashAlgorithm: Int
    /// Creation time, seconds since the epoch.
    public var created: UInt32?
    /// Issuer key id (subpacket 16, or the v3 header), upper-case hex.
    public var issuerKeyID: String?
    /// Issuer fingerprint (subpacket 33), upper-case hex.
    public var issuerFingerprint: String?

    /// Parses a signature packet body.
    public init(body: ArraySlice<UInt8>) throws(OpenPGPError) {
        let b = Array(body)
        guard let version = b.first else { throw OpenPGPError("empty signature packet") }
        self.version = Int(version)
        switch version {
        case 3:
            guard b.count >= 19, b[1] == 5 else { throw OpenPGPError("malformed v3 signature packet") }
            signatureType = Int(b[2])
            created = UInt32(b[3]) << 24 | UInt32(b[4]) << 16 | UInt32(b[5]) << 8 | UInt32(b[6])
            issuerKeyID = b[7..<15].hexString.uppercased()
            publicKeyAlgorithm = Int(b[15])
            hashAlgorithm = Int(b[16])
        case 4, 5, 6:
            let wide = version == 6
            let countSize = wide ? 4 : 2
            guard b.count >= 4 + countSize else { throw OpenPGPError("malformed v\(version) signature packet") }
            signatureType = Int(b[1])
            publicKeyAlgorithm = Int(b[2])
            hashAlgorithm = Int(b[3])
            var i = 4
            func readCount() throws(OpenPGPError) -> Int {
                guard i + countSize <= b.count else { throw OpenPGPError("truncated subpacket area") }
                var n = 0
                for k in 0..<countSize { n = n << 8 | Int(b[i + k]) }
                i += countSize
                guard n <= b.count - i else { throw OpenPGPError("subpacket area overruns the packet") }
                return n
            }
            let hashedLength = try readCount()
            let hashed = b[i..<i + hashedLength]
            i += hashedLength
            let unhashedLength = try readCount()
            let unhashed = b[i..<i + unhashedLength]
            created = nil
            issuerKeyID = nil
            issuerFingerprint = nil
            for (isHashed, area) in [(true, hashed), (false, unhashed)] {
                for sub in try OpenPGPSignature.subpackets(area) {
                    switch sub.type {
                    case 2 where isHashed && sub.data.count == 4:
                        let d = Array(sub.data)
                        created = UInt32(d[0]) << 24 | UInt32(d[1]) << 16 | UInt32(d[2]) << 8 | UInt32(d[3])
                    case 16 where sub.data.count == 8:
                        if issuerKeyID == nil || isHashed { issuerKeyID = sub.data.hexString.uppercased() }
                    case 33 where sub.data.count >= 21:
                        if issuerFingerprint == nil || isHashed {
                            issuerFingerprint = sub.data.dropFirst().hexString.uppercased()
                        }
                    default: break
                    }
                }
            }
            if issuerKeyID == nil, let fpr = issuerFingerprint {
                // v4 key ids are the low 64 bits of the fingerprint, v5/v6 the high 64 bits.
                issuerKeyID = fpr.count == 40 ? String(fpr.suffix(16)) : String(fpr.prefix(16))
            }
        default:
            throw OpenPGPError("unsupported signature packet version \(version)")
        }
    }

    /// Splits a subpacket area into (type, data) pairs.
    static func subpackets(_ area: ArraySlice<UInt8>) throws(OpenPGPError) -> [(type: Int, data: ArraySlice<UInt8>)] {
        var out: [(type: Int, data: ArraySlice<UInt8>)] = []
        var i = area.startIndex
        while i < area.endIndex {
            let first = Int(area[i])
            var length: Int
            if first < 192 {
                length = first
                i += 1
            } else if first < 255 {
                guard i + 1 < area.endIndex else { throw OpenPGPError("truncated subpacket length") }
                length = ((first - 192) << 8) + Int(area[i + 1]) + 192
                i += 2
            } else {
                guard i + 4 < area.endIndex else { throw OpenPGPError("truncated subpacket length") }
                length = Int(area[i + 1]) << 24 | Int(area[i + 2]) << 16 | Int(area[i + 3]) << 8 | Int(area[i + 4])
                i += 5
            }
            guard length >= 1, length <= area.endIndex - i else { throw OpenPGPError("subpacket overruns its area") }
            out.append((type: Int(area[i] & 0x7F), data: area[(i + 1)..<(i + length)]))
            i += length
        }
        return out
    }

    /// Every signature packet of binary or armored OpenPGP data.
    public static func all(in data: [UInt8]) throws(OpenPGPError) -> [OpenPGPSignature] {
        var result: [OpenPGPSignature] = []
        for packet in try OpenPGPPacket.parse(data) where packet.tag == 2 {
            result.append(try OpenPGPSignature(body: packet.body))
        }
        return result
    }
}

extension SignatureFacts {
    /// Reads the signatures of binary or armored OpenPGP signature data into records of what they claim.
    ///
    /// Unreadable data yields one record with `parseError` set, so that a damaged signature is still seen.
    public static func read(_ data: [UInt8], kind: String, location: String) -> [SignatureFacts] {
        var binaries: [[UInt8]] = [data]
        if data.first.map({ $0 & 0x80 == 0 }) ?? false, let text = String(bytes: data, encoding: .utf8) {
            binaries = Armor.blocks(in: text).filter { $0.label == "SIGNATURE" }.map(\.data)
            if binaries.isEmpty {
                return [SignatureFacts(kind: kind, location: location, parseError: "no armored signature block")]
            }
        }
        var out: [SignatureFacts] = []
        for binary in binaries {
            do {
                for sig in try OpenPGPSignature.all(in: binary) {
                    out.append(
                        SignatureFacts(
                            kind: kind, location: location, version: Int64(sig.version),
                            claimedKeyID: sig.issuerKeyID, claimedFingerprint: sig.issuerFingerprint,
                            publicKeyAlgorithm: OpenPGPAlgorithm.publicKey(sig.publicKeyAlgorithm),
                            hashAlgorithm: OpenPGPAlgorithm.hash(sig.hashAlgorithm),
                            created: sig.created.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                            signatureType: Int64(sig.signatureType)
                        )
                    )
                }
            } catch {
                out.append(SignatureFacts(kind: kind, location: location, parseError: error.message))
            }
        }
        return out
    }
}
