import TollgateCore

/// The content digest a release is recorded under, as the row's unique `digest` column keeps it: a SHA-256 as its 32
/// bytes, any other text as its bytes.
///
/// A value without a heap allocation for a SHA-256: an ingest of a whole archive checks every entry's digest against
/// every recorded one, and keeps them all in a set.
struct ReleaseDigest: Hashable, Sendable {
    /// A 32-byte key (a SHA-256), its bytes in order.
    private var words = SIMD4<UInt64>()
    /// A key of any other length.
    private var other: [UInt8]? = nil

    /// A key as the row keeps it.
    init(row bytes: UnsafeRawBufferPointer) {
        if bytes.count == 32 {
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        } else {
            other = Array(bytes)
        }
    }

    /// A digest as written: the hex digits of a SHA-256 in either case become its 32 bytes; any other text is kept
    /// as the bytes of its ASCII lower case.
    init(text: UnsafeBufferPointer<UInt8>) {
        if text.count == 64 {
            var words = SIMD4<UInt64>()
            let decoded = withUnsafeMutableBytes(of: &words) { out -> Bool in
                for i in 0..<32 {
                    let high = ReleaseDigest.hexValue[Int(text[2 * i])]
                    let low = ReleaseDigest.hexValue[Int(text[2 * i + 1])]
                    guard high | low < 16 else { return false }
                    out[i] = high << 4 | low
                }
                return true
            }
            if decoded {
                self.words = words
                return
            }
        }
        let lowered = text.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        self = lowered.withUnsafeBytes { ReleaseDigest(row: $0) }
    }

    /// A digest as written (see `init(text:)`).
    init(_ text: String) {
        var text = text
        self = text.withUTF8 { ReleaseDigest(text: $0) }
    }

    /// The key of a release whose file digest another release claimed first (an index entry listing this file's
    /// checksum as its own): the digest with the release's identity.
    func claimed(by record: ReleaseRecord) -> ReleaseDigest {
        claimed(ecosystem: record.ecosystem, kind: record.kind, name: record.name, version: record.version)
    }

    /// The key of a release of this identity whose file digest another release claimed first.
    func claimed(ecosystem: String, kind: String, name: String, version: String) -> ReleaseDigest {
        var bytes = withRowBytes { Array($0) }
        bytes += Array("\0\(ecosystem)\0\(kind)\0\(name)\0\(version)".utf8)
        return SHA256.hash(bytes).withUnsafeBytes { ReleaseDigest(row: $0) }
    }

    /// Which release a digest is queued for, within one run: ecosystem, kind, name and version, hashed.
    static func identity(of facts: PackageFacts) -> Int {
        var hasher = Hasher()
        hasher.combine(facts.ecosystem.rawValue)
        hasher.combine(facts.kind.rawValue)
        hasher.combine(facts.name)
        hasher.combine(facts.version)
        return hasher.finalize()
    }

    /// Calls `body` with the bytes the row keeps.
    func withRowBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let other { return other.withUnsafeBytes(body) }
        return withUnsafeBytes(of: words, body)
    }

    /// The value of each byte as a hex digit, 255 for a byte that is none.
    private static let hexValue: [UInt8] = (0..<256).map { c in
        switch c {
        case 48...57: UInt8(c - 48)
        case 97...102: UInt8(c - 87)
        case 65...70: UInt8(c - 55)
        default: 255
        }
    }
}
