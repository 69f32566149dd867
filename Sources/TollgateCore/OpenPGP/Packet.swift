/// One OpenPGP packet (RFC 4880 §4 / RFC 9580 §4): its tag and body.
public struct OpenPGPPacket: Sendable {
    /// The packet tag (2 signature, 6 public key, 13 user id, 14 public subkey, …).
    public var tag: Int
    /// The packet body.
    public var body: ArraySlice<UInt8>
    /// Where the whole packet (header and body) lies in the data it was parsed from.
    public var range: Range<Int> = 0..<0

    /// Splits binary OpenPGP data into packets; throws on truncated or malformed headers.
    public static func parse(_ data: [UInt8]) throws(OpenPGPError) -> [OpenPGPPacket] {
        var packets: [OpenPGPPacket] = []
        var i = 0
        while i < data.count {
            let start = i
            let header = data[i]
            guard header & 0x80 != 0 else { throw OpenPGPError("packet header bit not set at offset \(i)") }
            i += 1
            var tag: Int
            var body: [UInt8] = []
            if header & 0x40 != 0 {
                tag = Int(header & 0x3F)
                // New format, possibly with partial body lengths.
                while true {
                    guard i < data.count else { throw OpenPGPError("truncated packet length") }
                    let first = Int(data[i])
                    var length: Int
                    var partial = false
                    if first < 192 {
                        length = first
                        i += 1
                    } else if first < 224 {
                        guard i + 1 < data.count else { throw OpenPGPError("truncated packet length") }
                        length = ((first - 192) << 8) + Int(data[i + 1]) + 192
                        i += 2
                    } else if first == 255 {
                        guard i + 4 < data.count else { throw OpenPGPError("truncated packet length") }
                        length =
                            Int(data[i + 1]) << 24 | Int(data[i + 2]) << 16 | Int(data[i + 3]) << 8 | Int(data[i + 4])
                        i += 5
                    } else {
                        length = 1 << (first & 0x1F)
                        partial = true
                        i += 1
                    }
                    guard length <= data.count - i else { throw OpenPGPError("packet of \(length) bytes is truncated") }
                    body += data[i..<i + length]
                    i += length
                    if !partial { break }
                }
            } else {
                tag = Int(header >> 2 & 0x0F)
                let lengthType = header & 0x03
                var length: Int
                switch lengthType {
                case 0:
                    guard i < data.count else { throw OpenPGPError("truncated packet length") }
                    length = Int(data[i])
                    i += 1
                case 1:
                    guard i + 1 < data.count else { throw OpenPGPError("truncated packet length") }
                    length = Int(data[i]) << 8 | Int(data[i + 1])
                    i += 2
                case 2:
                    guard i + 3 < data.count else { throw OpenPGPError("truncated packet length") }
                    length = Int(data[i]) << 24 | Int(data[i + 1]) << 16 | Int(data[i + 2]) << 8 | Int(data[i + 3])
                    i += 4
                default:
                    length = data.count - i
                }
                guard length <= data.count - i else { throw OpenPGPError("packet of \(length) bytes is truncated") }
                body = Array(data[i..<i + length])
                i += length
            }
            packets.append(OpenPGPPacket(tag: tag, body: body[...], range: start..<i))
        }
        return packets
    }
}

/// Why OpenPGP data could not be read.
public struct OpenPGPError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
