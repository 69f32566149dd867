import CAptPkg
import TollgateCore

/// A run of whole stanzas read at once, with libapt-pkg's field boundaries; owns the memory.
final class StanzaBlock: @unchecked Sendable {
    // Immutable after init; freed in deinit. Shared by every Stanza of the block.
    let data: UnsafeBufferPointer<UInt8>
    let stanzas: UnsafeBufferPointer<tg_apt_stanza>
    let fields: UnsafeBufferPointer<tg_apt_field>
    let streamOffset: UInt64

    init(taking block: tg_apt_block) {
        data = UnsafeBufferPointer(start: block.data, count: block.length)
        stanzas = UnsafeBufferPointer(start: block.stanzas, count: block.stanza_count)
        fields = UnsafeBufferPointer(start: block.fields, count: block.field_count)
        streamOffset = block.stream_offset
    }

    deinit {
        tg_apt_free(UnsafeMutableRawPointer(mutating: data.baseAddress))
        tg_apt_free(UnsafeMutableRawPointer(mutating: stanzas.baseAddress))
        tg_apt_free(UnsafeMutableRawPointer(mutating: fields.baseAddress))
    }

    func string(_ offset: UInt32, _ length: UInt32) -> String {
        guard let base = data.baseAddress, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: base + Int(offset), count: Int(length)), as: UTF8.self)
    }
}

/// One deb822 stanza (a Packages or Sources entry, a .dsc, a control file): a view into the block it was read
/// with. Values are decoded only when asked for.
public struct Stanza: Sendable {
    let block: StanzaBlock
    let index: Int

    private var span: tg_apt_stanza { block.stanzas[index] }

    /// Byte offset of the stanza in the (decompressed) file.
    public var offset: UInt64 { block.streamOffset + UInt64(span.offset) }

    /// The stanza's text as read.
    public var raw: String { block.string(span.offset, span.length) }

    /// Number of fields.
    public var count: Int { Int(span.field_count) }

    /// Every field with its name as written and its value as apt trims it (continuation lines keep their leading
    /// space), in order.
    public var fields: [(key: String, value: String)] {
        let s = span
        return (0..<Int(s.field_count)).map { i in
            let f = block.fields[Int(s.first_field) + i]
            return (
                key: block.string(f.name_offset, f.name_length), value: block.string(f.value_offset, f.value_length)
            )
        }
    }

    /// The value of a field; names compare case-insensitively, as deb822 requires.
    public subscript(_ name: String) -> String? {
        guard let f = find(name) else { return nil }
        return block.string(f.value_offset, f.value_length)
    }

    /// The value of a field, nil when absent or empty.
    public func nonEmpty(_ name: String) -> String? {
        guard let f = find(name), f.value_length > 0 else { return nil }
        return block.string(f.value_offset, f.value_length)
    }

    /// Whether the field is present.
    public func has(_ name: String) -> Bool { find(name) != nil }

    /// Calls `body` with the raw bytes of a field's value, without copying; nil when absent.
    func withValue<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let f = find(name), let base = block.data.baseAddress else { return nil }
        return body(UnsafeBufferPointer(start: base + Int(f.value_offset), count: Int(f.value_length)))
    }

    private func find(_ name: String) -> tg_apt_field? {
        var key = name
        return key.withUTF8 { k -> tg_apt_field? in
            let s = span
            guard let base = block.data.baseAddress else { return nil }
            for i in Int(s.first_field)..<Int(s.first_field + s.field_count) {
                let f = block.fields[i]
                guard Int(f.name_length) == k.count else { continue }
                var equal = true
                let p = base + Int(f.name_offset)
                for j in 0..<k.count {
                    let a = p[j], b = k[j]
                    if a != b, a | 0x20 != b | 0x20 || !((a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A) {
                        equal = false
                        break
                    }
                }
                if equal { return f }
            }
            return nil
        }
    }

    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        let a = a.utf8, b = b.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 65 && x <= 90 ? x + 32 : x
            let ly = y >= 65 && y <= 90 ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }
}

/// Reads a deb822 file (Packages, Sources, Release, .dsc, .changes, a control member) stanza by stanza, in blocks,
/// with libapt-pkg: apt's FileFd decompresses (.gz, .xz, .lz4, .zst, .bz2), apt's clear-signed message extraction
/// keeps only signed text, and apt's pkgTagSection finds stanza and field boundaries.
public final class StanzaReader {
    private let handle: OpaquePointer
    /// The file read, for error messages.
    public let path: String
    private var block: StanzaBlock?
    private var next = 0
    /// Bytes read per block.
    static let blockSize = 1 << 20

    /// Opens a file; `clearsigned` reads the signed message of an OpenPGP clear-signed file.
    public init(path: String, clearsigned: Bool = false) throws(DebianReadError) {
        if let refusal = RegularFile.refusal(path) { throw DebianReadError(path: path, reason: refusal) }
        guard let handle = tg_apt_block_reader_open(path, clearsigned ? 1 : 0) else {
            throw DebianReadError.fromApt(path: path, fallback: "cannot open")
        }
        self.handle = handle
        self.path = path
    }

    /// Reads deb822 text held in memory.
    public init(text: String, path: String) {
        var copy = text
        self.handle = copy.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { tg_apt_block_reader_open_memory($0.baseAddress, $0.count) }
        }!
        self.path = path
    }

    deinit { tg_apt_block_reader_close(handle) }

    /// The next stanza, or nil at the end of the file.
    public func nextStanza() throws(DebianReadError) -> Stanza? {
        if let block, next < block.stanzas.count {
            defer { next += 1 }
            return Stanza(block: block, index: next)
        }
        var raw = tg_apt_block()
        switch tg_apt_block_next(handle, StanzaReader.blockSize, &raw) {
        case 1:
            let block = StanzaBlock(taking: raw)
            self.block = block
            next = 1
            return block.stanzas.isEmpty ? nil : Stanza(block: block, index: 0)
        case 0:
            block = nil
            return nil
        default:
            throw DebianReadError.fromApt(path: path, fallback: "malformed deb822 text")
        }
    }

    /// Reads the first stanza of a file, or throws when there is none.
    public static func single(path: String, clearsigned: Bool) throws(DebianReadError) -> Stanza {
        guard let stanza = try StanzaReader(path: path, clearsigned: clearsigned).nextStanza() else {
            throw DebianReadError(path: path, reason: "no control stanza found")
        }
        return stanza
    }

    /// Reads the first stanza of text, or nil when there is none or it is malformed.
    public static func single(text: String, path: String) -> Stanza? {
        try? StanzaReader(text: text, path: path).nextStanza()
    }
}
