/// SHA-1, for OpenPGP v4 fingerprints and git object ids (not for security decisions of its own).
public struct SHA1: Sendable {
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
    )
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    /// Creates an empty hash state.
    public init() { buffer.reserveCapacity(64) }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var offset = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: bytes[0..<take])
            offset = take
            if buffer.count == 64 {
                buffer.withUnsafeBytes { compress($0.baseAddress!) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while bytes.count - offset >= 64 {
            compress(bytes.baseAddress! + offset)
            offset += 64
        }
        if offset < bytes.count { buffer.append(contentsOf: bytes[offset...]) }
    }

    /// Adds bytes.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    /// The 20-byte digest.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        tail.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: 64) { compress(raw.baseAddress! + start) }
        }
        buffer.removeAll()
        var out: [UInt8] = []
        for word in [h.0, h.1, h.2, h.3, h.4] {
            out += [
                UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8),
                UInt8(truncatingIfNeeded: word),
            ]
        }
        return out
    }

    /// The digest of `bytes`.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var s = SHA1()
        s.update(bytes)
        return s.finalize()
    }

    private mutating func compress(_ p: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            compress(p, w)
        }
    }

    private mutating func compress(_ p: UnsafeRawPointer, _ w: UnsafeMutableBufferPointer<UInt32>) {
        let w = w.baseAddress!
        for i in 0..<16 { w[i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
        for i in 16..<80 {
            let v = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
            w[i] = v << 1 | v >> 31
        }
        var (a, b, c, d, e) = h
        @inline(__always) func round(_ f: UInt32, _ k: UInt32, _ word: UInt32) {
            let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ word
            e = d
            d = c
            c = b << 30 | b >> 2
            b = a
            a = temp
        }
        for i in 0..<20 { round((b & c) | (~b & d), 0x5A82_7999, w[i]) }
        for i in 20..<40 { round(b ^ c ^ d, 0x6ED9_EBA1, w[i]) }
        for i in 40..<60 { round((b & c) | (b & d) | (c & d), 0x8F1B_BCDC, w[i]) }
        for i in 60..<80 { round(b ^ c ^ d, 0xCA62_C1D6, w[i]) }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal text.
    public var hexString: String {
        let digits: [Character] = Array("0123456789abcdef")
        var s = ""
        for byte in self {
            s.append(digits[Int(byte >> 4)])
            s.append(digits[Int(byte & 0xF)])
        }
        return s
    }
}
