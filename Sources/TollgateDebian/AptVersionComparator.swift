import CAptPkg
import TollgateCore

/// Debian version comparison by libapt-pkg's debVersioningSystem (never re-implemented here).
public struct AptVersionComparator: VersionComparator {
    /// Creates the comparator.
    public init() {}

    public func compare(_ a: String, _ b: String) -> Int {
        var a = a
        var b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                pa.withMemoryRebound(to: CChar.self) { ca in
                    pb.withMemoryRebound(to: CChar.self) { cb in
                        Int(tg_apt_version_compare(ca.baseAddress, ca.count, cb.baseAddress, cb.count))
                    }
                }
            }
        }
    }

    /// Whether `version` satisfies `relation reference` (`>=`, `<<`, …) by apt's rules.
    public func satisfies(_ version: String, relation: String, _ reference: String) -> Bool {
        tg_apt_version_satisfies(version, relation, reference) != 0
    }
}

/// The parts of a Debian version: `[epoch:]upstream[-revision]`.
public struct DebianVersion: Sendable, Hashable {
    public var epoch: Int64
    public var upstream: String
    public var revision: String

    /// Splits a version string as dpkg does: epoch before the first colon, revision after the last hyphen.
    public init(_ text: String) {
        let bytes = text.utf8
        var start = bytes.startIndex
        epoch = 0
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), let e = Int64(Substring(bytes[..<colon])) {
            epoch = e
            start = bytes.index(after: colon)
        }
        if let dash = bytes[start...].lastIndex(of: UInt8(ascii: "-")) {
            upstream = String(Substring(bytes[start..<dash]))
            revision = String(Substring(bytes[bytes.index(after: dash)...]))
        } else {
            upstream = start == bytes.startIndex ? text : String(Substring(bytes[start...]))
            revision = ""
        }
    }

    /// `upstream[-revision]`, as Debian file names write the version.
    public var withoutEpoch: String { revision.isEmpty ? upstream : "\(upstream)-\(revision)" }
}
