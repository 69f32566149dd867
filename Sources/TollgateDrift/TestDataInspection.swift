import TollgateCore

/// Whether a test data file can be read by a person or a tool: text or not, how random, and whether it is what its
/// name or first bytes say it is.
enum TestDataInspection {
    /// Formats by file extension.
    static let formatByExtension: [String: String] = [
        "xz": "xz", "lzma": "lzma", "gz": "gzip", "tgz": "gzip", "bz2": "bzip2", "zst": "zstd", "lz4": "lz4",
        "lz": "lzip", "zip": "zip", "png": "png", "jpg": "jpeg", "jpeg": "jpeg", "gif": "gif", "pdf": "pdf",
        "tar": "tar",
    ]

    /// Formats with reliable magic bytes, and those bytes.
    static let magic: [(format: String, bytes: [UInt8])] = [
        ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), ("gzip", [0x1F, 0x8B]), ("bzip2", [0x42, 0x5A, 0x68]),
        ("zstd", [0x28, 0xB5, 0x2F, 0xFD]), ("lz4", [0x04, 0x22, 0x4D, 0x18]), ("lzip", [0x4C, 0x5A, 0x49, 0x50]),
        ("zip", [0x50, 0x4B, 0x03, 0x04]), ("png", [0x89, 0x50, 0x4E, 0x47]), ("jpeg", [0xFF, 0xD8, 0xFF]),
        ("gif", [0x47, 0x49, 0x46, 0x38]), ("pdf", [0x25, 0x50, 0x44, 0x46]),
    ]

    static let compression: Set<String> = ["xz", "lzma", "gzip", "bzip2", "zstd", "lz4", "lzip"]

    /// Above this many bits per byte, content is compressed, encrypted or random.
    static let highEntropy = 7.2

    /// The facts of one test data file.
    static func inspect(path: String, bytes: [UInt8], size: Int64, decode: (([UInt8]) -> Bool?)?) -> TestFileFacts {
        let binary = ContentStatistics.isBinary(bytes)
        let entropy = ContentStatistics.entropy(bytes)
        var facts = TestFileFacts(
            path: path, size: size, entropy: (entropy * 1000).rounded() / 1000, binary: binary, opaque: false)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        let byName = formatByExtension[ext]
        let byMagic = magic.first { bytes.starts(with: $0.bytes) }?.format
        facts.claimedFormat = byName ?? byMagic
        if binary { facts.reasons.append("binary") }
        if entropy >= highEntropy && bytes.count >= 256 { facts.reasons.append("high-entropy") }
        if let byName, byName != "lzma", byName != "tar", magic.contains(where: { $0.format == byName }),
            byMagic != byName
        {
            facts.reasons.append("format-mismatch")
        }
        if let claimed = facts.claimedFormat, compression.contains(claimed), let decode {
            facts.decodes = decode(bytes)
            if facts.decodes == false { facts.reasons.append("does-not-decode") }
        }
        facts.opaque = !facts.reasons.isEmpty
        return facts
    }
}
