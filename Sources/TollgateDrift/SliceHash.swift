/// Polynomial hashes of a byte string's prefixes, so that the hash of any slice costs constant time (wrapping
/// arithmetic modulo 2⁶⁴): `hash(of: a..<b)` equals `SliceHash.of(bytes[a..<b])`.
struct SliceHash {
    private static let base: UInt64 = 1_099_511_628_211
    private var prefixes: [UInt64]
    private var powers: [UInt64]

    init(_ bytes: [UInt8]) {
        prefixes = [0]
        powers = [1]
        prefixes.reserveCapacity(bytes.count + 1)
        powers.reserveCapacity(bytes.count + 1)
        for byte in bytes {
            prefixes.append(prefixes[prefixes.count - 1] &* Self.base &+ UInt64(byte) &+ 1)
            powers.append(powers[powers.count - 1] &* Self.base)
        }
    }

    /// The hash of `bytes[range]` of the bytes this was made from.
    func hash(of range: Range<Int>) -> UInt64 {
        prefixes[range.upperBound] &- prefixes[range.lowerBound] &* powers[range.count]
    }

    /// The hash of `bytes` on its own.
    static func of(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 &* base &+ UInt64($1) &+ 1 }
    }
}
