// Byte-level string helpers. CEL compares strings by code points without Unicode normalization,
// which for valid UTF-8 is exactly byte-wise comparison; Swift's own `==` and `<` normalize.

/// Runs `body` over the UTF-8 bytes of `string` without copying when possible.
@inline(__always)
func withUTF8Bytes<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    let copy = Array(string.utf8)
    return copy.withUnsafeBufferPointer(body)
}

/// Byte-wise equality of two strings.
@inline(__always)
func utf8Equal(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    return withUTF8Bytes(a) { pa in withUTF8Bytes(b) { pb in bytesEqual(pa, pb) } }
}

@inline(__always)
private func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var index = 0
    while index < a.count {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}

/// Lexicographic byte comparison: negative, zero or positive.
func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    var index = 0
    while index < common {
        if a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
        index += 1
    }
    return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
}

/// Code point order of two strings (equal to UTF-8 byte order).
func compareStrings(_ a: String, _ b: String) -> Int {
    withUTF8Bytes(a) { pa in withUTF8Bytes(b) { pb in compareBytes(pa, pb) } }
}

/// Whether `needle` occurs in `haystack` (byte-wise; valid for UTF-8 since it is self-synchronizing).
func bytesContain(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = needle.count
    if count == 0 { return true }
    if count > haystack.count { return false }
    let first = needle[0]
    var start = 0
    let last = haystack.count - count
    while start <= last {
        if haystack[start] == first {
            var offset = 1
            while offset < count && haystack[start + offset] == needle[offset] { offset += 1 }
            if offset == count { return true }
        }
        start += 1
    }
    return false
}

/// Whether `string` contains `needle`, compared by code points.
func stringContains(_ string: String, _ needle: String) -> Bool {
    withUTF8Bytes(string) { hay in withUTF8Bytes(needle) { ned in bytesContain(hay, ned) } }
}

/// Whether `string` starts with `prefix`, compared by code points.
func stringHasPrefix(_ string: String, _ prefix: String) -> Bool {
    withUTF8Bytes(string) { s in
        withUTF8Bytes(prefix) { p in
            p.count <= s.count && bytesEqual(UnsafeBufferPointer(rebasing: s[0..<p.count]), p)
        }
    }
}

/// Whether `string` ends with `suffix`, compared by code points.
func stringHasSuffix(_ string: String, _ suffix: String) -> Bool {
    withUTF8Bytes(string) { s in
        withUTF8Bytes(suffix) { p in
            p.count <= s.count && bytesEqual(UnsafeBufferPointer(rebasing: s[(s.count - p.count)...]), p)
        }
    }
}

/// Number of Unicode code points in `string`.
func codePointCount(_ string: String) -> Int {
    withUTF8Bytes(string) { bytes in
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}

/// Hashes the UTF-8 bytes of a string (consistent with `utf8Equal`).
func hashUTF8(_ string: String, into hasher: inout Hasher) {
    withUTF8Bytes(string) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    hasher.combine(string.utf8.count)
}

/// Decodes UTF-8, returning nil when the bytes are not valid UTF-8.
func decodeUTF8(_ bytes: [UInt8]) -> String? {
    var scalars = String.UnicodeScalarView()
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): scalars.append(scalar)
        case .emptyInput: return String(scalars)
        case .error: return nil
        }
    }
}
