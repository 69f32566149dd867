import TollgateCore

/// An m4 macro file's identity: its name, the `serial` it declares, and a digest of its content with CR LF line ends
/// read as LF (a copy saved with DOS line ends is the same macro). Nothing else is normalised: a macro's text ends
/// up in shell code, where a space or a line break changes what runs (`rm -rf conftest*` is not
/// `rm -rf conftest *`).
public struct M4Macro: Sendable, Hashable {
    public var name: String
    public var serial: Int64?
    public var digest: String

    /// Reads a macro file's bytes.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.serial = M4Macro.serial(of: bytes)
        self.digest = M4Macro.digest(bytes)
    }

    /// The serial a macro file declares in its first lines: `# serial 12`, `#serial 3`, `dnl serial 5`,
    /// `# gettext.m4 serial 71 (gettext-0.21)`.
    public static func serial(of bytes: [UInt8]) -> Int64? {
        var lines = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lines += 1
            if lines > 40 { break }
            let text = String(decoding: line, as: UTF8.self)
            var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            if first == "#" || first == "dnl" {
                words.removeFirst()
            } else if first.hasPrefix("#") {
                words[0] = String(first.dropFirst())
            } else {
                continue
            }
            if words.first?.hasSuffix(".m4") == true { words.removeFirst() }
            if words.count >= 2, words[0] == "serial", let n = Int64(words[1].prefix { $0.isNumber }) { return n }
        }
        return nil
    }

    /// SHA-256 of the content, each CR LF read as LF.
    public static func digest(_ bytes: [UInt8]) -> String {
        var hash = SHA256()
        var chunk: [UInt8] = []
        chunk.reserveCapacity(min(bytes.count, 1 << 16))
        for (i, b) in bytes.enumerated() where b != 0x0D || i + 1 == bytes.count || bytes[i + 1] != 0x0A {
            chunk.append(b)
            if chunk.count == 1 << 16 {
                hash.update(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        hash.update(chunk)
        return hash.finalize().hexString
    }
}
