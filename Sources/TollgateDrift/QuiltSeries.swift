/// A quilt `series` file: the patches applied, in order.
public enum QuiltSeries {
    /// A patch `series` names, and how many leading directories of its paths quilt strips (`-p0`, `-p1`: the
    /// default).
    public struct Patch: Equatable, Sendable {
        public var name: String
        public var strip: Int
    }

    /// The patches `series` lists: one per line, `#` comments and blank lines left out; a name that leaves
    /// `debian/patches/` (`../x`) is left out too, as dpkg-source refuses it.
    public static func patches(_ bytes: [UInt8]) -> [Patch] {
        bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let words = line.split { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
                .map { String(decoding: $0, as: UTF8.self) }
            guard var name = words.first, !name.hasPrefix("#") else { return nil }
            while name.hasPrefix("./") { name.removeFirst(2) }
            guard !name.split(separator: "/").contains(".."), !name.hasPrefix("/") else { return nil }
            let strip = words.dropFirst().compactMap { $0.hasPrefix("-p") ? Int($0.dropFirst(2)) : nil }.last ?? 1
            return Patch(name: name, strip: strip)
        }
    }
}
