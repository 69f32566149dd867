/// ASCII armor (RFC 4880 §6): finds armored blocks in text and decodes their base64 body.
public enum Armor {
    /// One armored block.
    public struct Block: Sendable {
        /// The label after `BEGIN PGP ` (`SIGNATURE`, `PUBLIC KEY BLOCK`, `MESSAGE`).
        public var label: String
        /// The decoded binary data.
        public var data: [UInt8]
    }

    /// Every armored block in `text`, decoded; blocks whose base64 is malformed are skipped.
    public static func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var label: String?
        var inBody = false
        var body = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if let current = label {
                if line.hasPrefix("-----END PGP ") {
                    if let data = decodeBase64(body) { blocks.append(Block(label: current, data: data)) }
                    label = nil
                    continue
                }
                if !inBody {
                    // Armor headers end at the first blank line.
                    if line.trimmingWhitespace().isEmpty {
                        inBody = true
                    } else if !line.contains(":") {
                        inBody = true
                        body += line
                    }
                    continue
                }
                if line.hasPrefix("=") { continue }  // CRC-24 line
                body += line
            } else if line.hasPrefix("-----BEGIN PGP "), line.hasSuffix("-----") {
                let inner = line.dropFirst("-----BEGIN PGP ".count).dropLast(5)
                if inner == "SIGNED MESSAGE" { continue }
                label = String(inner)
                inBody = false
                body = ""
            }
        }
        return blocks
    }

    /// Decodes standard base64, ignoring whitespace; nil when malformed.
    public static func decodeBase64(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): return out
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): continue
            default: return nil
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }
}
