/// Read-only access to the UTF-8 bytes of a Swift string (always valid UTF-8) by code point.
struct UTF8Text {
    /// Marks "no code point": before the start or after the end of the text.
    static let none = UInt32.max

    let bytes: UnsafeBufferPointer<UInt8>

    /// The number of bytes.
    var count: Int { bytes.count }

    /// The code point starting at byte `offset` and its length in bytes; `(none, 0)` at the end.
    @inline(__always)
    func decode(at offset: Int) -> (scalar: UInt32, width: Int) {
        guard offset < bytes.count else { return (UTF8Text.none, 0) }
        let lead = UInt32(bytes[offset])
        if lead < 0x80 {
            return (lead, 1)
        }
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | continuation(offset + 1), 2)
        }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | continuation(offset + 1) << 6 | continuation(offset + 2), 3)
        }
        let value =
            (lead & 0x07) << 18 | continuation(offset + 1) << 12 | continuation(offset + 2) << 6
            | continuation(offset + 3)
        return (value, 4)
    }

    /// The code point that ends just before byte `offset`; `none` at the start.
    func decode(before offset: Int) -> UInt32 {
        guard offset > 0 else { return UTF8Text.none }
        var start = offset - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 {
            start -= 1
        }
        return decode(at: start).scalar
    }

    @inline(__always)
    private func continuation(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset] & 0x3F)
    }

    /// The first offset at or after `start` where `needle` occurs, if any.
    ///
    /// A simple scan for the first byte followed by a comparison; the needle is a prefix of the
    /// pattern, so the worst case stays within O(pattern × text).
    func firstIndex(of needle: [UInt8], from start: Int) -> Int? {
        let last = bytes.count - needle.count
        guard let first = needle.first, start <= last else { return nil }
        var offset = start
        while offset <= last {
            if bytes[offset] == first {
                var index = 1
                while index < needle.count && bytes[offset + index] == needle[index] {
                    index += 1
                }
                if index == needle.count {
                    return offset
                }
            }
            offset += 1
        }
        return nil
    }
}
