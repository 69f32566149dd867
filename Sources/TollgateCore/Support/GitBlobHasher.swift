/// The git object id of a blob (`sha1("blob <size>\0" + bytes)`), computed as the bytes stream past.
///
/// The size goes first into the hash, so it must be known up front; when it is not (a zip member without a size,
/// say), the bytes are held until the end.
public struct GitBlobHasher: Sendable {
    private var sha = SHA1()
    private let declared: Int64
    private var held: [UInt8]?

    /// Starts a blob of `size` bytes (0 or less: unknown, held until `finalize`).
    public init(size: Int64) {
        declared = size
        if size > 0 {
            sha.update(Array("blob \(size)\u{0}".utf8))
        } else {
            held = []
        }
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if held != nil {
            held! += bytes
        } else {
            sha.update(bytes)
        }
    }

    /// The hex object id. `actualSize` is the number of bytes given; a blob whose declared size was wrong has no
    /// meaningful id (its bytes are gone), and the id of the bytes as declared is returned.
    public mutating func finalize(actualSize: Int64) -> String {
        if let held {
            var full = SHA1()
            full.update(Array("blob \(held.count)\u{0}".utf8))
            held.withUnsafeBytes { full.update($0) }
            return full.finalize().hexString
        }
        _ = declared
        return sha.finalize().hexString
    }

    /// The object id of bytes held in memory.
    public static func id<C: Collection>(of bytes: C) -> String where C.Element == UInt8 {
        var hasher = GitBlobHasher(size: Int64(bytes.count))
        if bytes.isEmpty {
            var sha = SHA1()
            sha.update(Array("blob 0\u{0}".utf8))
            return sha.finalize().hexString
        }
        Array(bytes).withUnsafeBytes { hasher.update($0) }
        return hasher.finalize(actualSize: Int64(bytes.count))
    }
}
