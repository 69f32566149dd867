/// A quilt `series` file: the patches applied, in order.
public enum QuiltSeries {
    /// The patch names `series` lists: one per line, `#` comments and blank lines left out, options after the name
    /// (`-p1`) dropped; a name that leaves `debian/patches/` (`../x`) is left out too, as dpkg-source refuses it.
    public static func patches(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let words = line.split { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            guard let first = words.first, first.first != UInt8(ascii: "#") else { return nil }
            let name = String(decoding: first, as: UTF8.self)
            return name.split(separator: "/").contains("..") || name.hasPrefix("/") ? nil : name
        }
    }
}
