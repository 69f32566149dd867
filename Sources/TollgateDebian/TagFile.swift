import CAptPkg
import TollgateCore

/// A deb822 file (Packages, Sources, Release, .dsc, .changes, control) read stanza by stanza with libapt-pkg.
///
/// Compressed files (.gz, .xz, .lz4, .zst, .bz2) are decompressed by apt's FileFd; clear-signed files are read
/// through apt's own signed-message extraction, so only the signed text is ever parsed.
public final class TagFile {
    private let handle: OpaquePointer
    /// The file read, for error messages.
    public let path: String

    /// Opens a file; `clearsigned` reads the signed message of an OpenPGP clear-signed file.
    public init(path: String, clearsigned: Bool = false) throws(DebianReadError) {
        guard let handle = tg_apt_tagfile_open(path, clearsigned ? 1 : 0) else {
            throw DebianReadError.fromApt(path: path, fallback: "cannot open")
        }
        self.handle = handle
        self.path = path
    }

    /// Reads deb822 text held in memory (a control member, a stanza from elsewhere).
    public init(text: String, path: String) {
        var copy = text
        self.handle = copy.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { tg_apt_tagfile_open_memory($0.baseAddress, $0.count) }
        }!
        self.path = path
    }

    deinit { tg_apt_tagfile_close(handle) }

    /// Moves to the next stanza; false at the end of the file.
    public func next() throws(DebianReadError) -> Bool {
        switch tg_apt_tagfile_step(handle) {
        case 1: return true
        case 0: return false
        default:
            throw DebianReadError.fromApt(path: path, fallback: "malformed stanza after offset \(offset)")
        }
    }

    /// Byte offset of the current stanza in the decompressed text.
    public var offset: UInt64 { tg_apt_tagfile_offset(handle) }

    /// The value of a field of the current stanza (case-insensitive name), trimmed; nil when absent.
    public subscript(_ name: String) -> String? {
        var value = tg_apt_str()
        var name = name
        let found = name.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { tg_apt_section_find(handle, $0.baseAddress, $0.count, &value) }
        }
        return found != 0 ? value.string : nil
    }

    /// Whether the current stanza has the field.
    public func has(_ name: String) -> Bool { self[name] != nil }

    /// Every field of the current stanza, in order, with names as written.
    public var fields: [(key: String, value: String)] {
        let count = tg_apt_section_count(handle)
        var out: [(key: String, value: String)] = []
        out.reserveCapacity(Int(count))
        for i in 0..<count {
            var name = tg_apt_str()
            var value = tg_apt_str()
            if tg_apt_section_field(handle, i, &name, &value) != 0 {
                out.append((key: name.string, value: value.string))
            }
        }
        return out
    }

    /// The current stanza's raw text.
    public var raw: String { tg_apt_section_raw(handle).string }

    /// Reads the first stanza of a file, or throws when there is none.
    public static func single(path: String, clearsigned: Bool) throws(DebianReadError) -> TagFile {
        let file = try TagFile(path: path, clearsigned: clearsigned)
        guard try file.next() else { throw DebianReadError(path: path, reason: "no control stanza found") }
        return file
    }
}
