import Foundation

/// Known-good m4 macro files: for each file name, every known content digest (see `M4Macro`) with its
/// serial and the packages that install it.
///
/// Stored as text, one line a variant — `NAME<TAB>SERIAL<TAB>DIGEST<TAB>ORIGIN[; ORIGIN…]` — under a
/// `# tollgate m4db 2` header line, so that a database can be committed, diffed and reviewed.
public struct M4Database: Sendable {
    /// One known content of a name.
    public struct Variant: Sendable, Hashable {
        public var serial: Int64?
        public var digest: String
        public var origins: [String]
    }

    public private(set) var variants: [String: [Variant]] = [:]
    /// Where the database was read from.
    public var path: String?

    /// Creates an empty database.
    public init() {}

    /// Number of (name, content) variants.
    public var count: Int { variants.values.reduce(0) { $0 + $1.count } }

    /// Adds a macro file as known, from `origin` (`autoconf 2.71-3`).
    public mutating func add(_ macro: M4Macro, origin: String) {
        var list = variants[macro.name] ?? []
        if let i = list.firstIndex(where: { $0.digest == macro.digest }) {
            if !list[i].origins.contains(origin) { list[i].origins.append(origin) }
            if list[i].serial == nil { list[i].serial = macro.serial }
        } else {
            list.append(Variant(serial: macro.serial, digest: macro.digest, origins: [origin]))
        }
        variants[macro.name] = list
    }

    /// What the database says of a macro file.
    public func lookup(_ macro: M4Macro) -> (status: String, knownAs: [String], highestSerial: Int64?) {
        guard let list = variants[macro.name] else { return ("unknown-name", [], nil) }
        let highest = list.compactMap(\.serial).max()
        if let match = list.first(where: { $0.digest == macro.digest }) { return ("known", match.origins, highest) }
        return ("known-name", [], highest)
    }

    /// Version 2: digests of the content with CR LF read as LF (version 1 removed all whitespace, which let a
    /// macro whose shell code changed meaning pass as known).
    static let header = "# tollgate m4db 2"

    /// The database as text.
    public func text() -> String {
        var lines = [
            M4Database.header,
            "# name\tserial\tdigest (SHA-256 of the content, CR LF read as LF)\torigins",
        ]
        for name in variants.keys.sorted() {
            for v in variants[name]!.sorted(by: { ($0.serial ?? -1, $0.digest) < ($1.serial ?? -1, $1.digest) }) {
                lines.append(
                    "\(name)\t\(v.serial.map(String.init) ?? "-")\t\(v.digest)\t\(v.origins.sorted().joined(separator: "; "))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a database file; throws with the line that does not parse.
    public static func load(path: String) throws(M4DatabaseError) -> M4Database {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw M4DatabaseError(path: path, line: 0, reason: "cannot read the m4 database")
        }
        var db = M4Database()
        db.path = path
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == header else {
            let reason =
                lines.first?.hasPrefix("# tollgate m4db ") == true
                ? "an m4 database of another format (expected '\(header)'): build it again with `tollgate m4db build`"
                : "not a tollgate m4 database (expected '\(header)')"
            throw M4DatabaseError(path: path, line: 1, reason: reason)
        }
        for (i, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, fields[2].count == 64 else {
                throw M4DatabaseError(
                    path: path, line: i + 1, reason: "expected NAME, SERIAL, DIGEST and ORIGINS separated by tabs")
            }
            let serial = fields[1] == "-" ? nil : Int64(fields[1])
            let variant = Variant(
                serial: serial, digest: String(fields[2]),
                origins: fields[3].split(separator: ";").map { String($0.drop { $0 == " " }) })
            db.variants[String(fields[0]), default: []].append(variant)
        }
        return db
    }
}

/// An m4 database that cannot be read.
public struct M4DatabaseError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let reason: String
    public var description: String { line > 0 ? "\(path):\(line): error: \(reason)" : "\(path): error: \(reason)" }
}
