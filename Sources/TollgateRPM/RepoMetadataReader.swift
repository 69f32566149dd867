import Foundation
import TollgateCore

/// Reads an RPM repository's metadata (`repodata/repomd.xml` and the `primary` and `other` files it points to,
/// compressed as gz, xz or zst), streaming, into fact documents.
public enum RepoMetadataReader {
    /// One entry of `repomd.xml`.
    public struct DataFile: Sendable, Hashable {
        public var type: String
        public var location: String
        public var checksum: String?
        public var checksumType: String?
        public var size: Int64?
    }

    /// Whether a data file's checksum is the one `repomd.xml` gives, in whatever type it names; nil when it gives
    /// none. A type librpm does not know is an error: metadata that cannot be checked is not read.
    static func checksumMatches(_ file: DataFile, path: String, shown: String) throws(RPMReadError) -> Bool? {
        guard let expected = file.checksum, let type = file.checksumType else { return nil }
        guard RPMDigest.knows(type) else {
            throw RPMReadError(
                path: shown, reason: "repodata/repomd.xml gives a \(type) checksum, which librpm cannot compute")
        }
        return RPMDigest.hex(of: path, type: type) == expected.lowercased()
    }

    /// The data files `repomd.xml` lists.
    public static func repomd(path: String) throws(RPMReadError) -> [DataFile] {
        let stream = try RPMIOStream(path: path)
        let handler = RepomdHandler()
        try XMLStream.parse(path: path, handler: handler) { buffer throws(RPMReadError) in try stream.read(into: buffer)
        }
        return handler.files
    }

    /// Calls `body` with the document of every package of the repository rooted at `root` (the directory holding
    /// `repodata/`). Changelogs come from the `other` metadata when it is listed.
    public static func read(
        root: String, displayRoot: String? = nil, withChangelogs: Bool = true,
        _ body: (PackageFacts) throws -> Void
    ) throws {
        let shownRoot = displayRoot ?? root
        let repomdPath = (root as NSString).appendingPathComponent("repodata/repomd.xml")
        let files = try repomd(path: repomdPath)
        guard let primary = files.first(where: { $0.type == "primary" }) else {
            throw RPMReadError(path: repomdPath, reason: "lists no primary metadata")
        }
        var changelogs: [String: [ChangelogEntry]] = [:]
        if withChangelogs, let other = files.first(where: { $0.type == "other" }) {
            let otherPath = (root as NSString).appendingPathComponent(other.location)
            let shownOther = (shownRoot as NSString).appendingPathComponent(other.location)
            if try checksumMatches(other, path: otherPath, shown: shownOther) == false {
                throw RPMReadError(path: shownOther, reason: "checksum does not match repodata/repomd.xml")
            }
            let stream = try RPMIOStream(path: otherPath)
            let handler = OtherHandler()
            try XMLStream.parse(path: otherPath, handler: handler) { buffer throws(RPMReadError) in
                try stream.read(into: buffer)
            }
            changelogs = handler.changelogs
        }
        let primaryPath = (root as NSString).appendingPathComponent(primary.location)
        let shownPrimary = (shownRoot as NSString).appendingPathComponent(primary.location)
        let stream = try RPMIOStream(path: primaryPath)
        let matches = try checksumMatches(primary, path: primaryPath, shown: shownPrimary)
        if matches == false {
            throw RPMReadError(path: shownPrimary, reason: "checksum does not match repodata/repomd.xml")
        }
        // A detached signature of repomd.xml vouches for every package whose checksum the chain covers.
        let signaturePath = repomdPath + ".asc"
        let signed = FileManager.default.fileExists(atPath: signaturePath)
        let repository = RepositoryRef(
            root: shownRoot, index: primary.location, release: signed ? "repodata/repomd.xml.asc" : nil,
            releaseSigned: signed, indexChecksumMatches: matches
        )
        let vouching: [SignatureFacts] =
            signed && matches == true
            ? (FileManager.default.contents(atPath: signaturePath).map {
                SignatureFacts.read(Array($0), kind: "repository", location: "repodata/repomd.xml.asc").map {
                    var s = $0
                    s.subject = .detached(signatureFile: signaturePath, file: repomdPath)
                    return s
                }
            } ?? []) : []
        var pending: [PackageFacts] = []
        var failure: (any Error)?
        let handler = PrimaryHandler(shownPath: shownPrimary) { pending.append($0) }
        // Documents are handed over between chunks, so that at most one chunk's packages are held in memory.
        func drain() {
            for var facts in pending where failure == nil {
                if let pkgid = facts.artifact.sha256, let entries = changelogs[pkgid] {
                    facts.changelog = entries.sorted { ($0.date ?? .distantPast) > ($1.date ?? .distantPast) }
                    facts.changedBy = facts.changelog?.first?.author
                }
                facts.repository = repository
                facts.signatures += vouching
                if let href = facts.artifact.entryPath, facts.artifact.entryPresent == nil {
                    facts.artifact.entryPresent = FileManager.default.fileExists(
                        atPath: (root as NSString).appendingPathComponent(href)
                    )
                }
                do { try body(facts) } catch { failure = error }
            }
            pending.removeAll(keepingCapacity: true)
        }
        try XMLStream.parse(path: primaryPath, handler: handler) { buffer throws(RPMReadError) in
            drain()
            return failure == nil ? try stream.read(into: buffer) : 0
        }
        drain()
        if let failure { throw failure }
    }
}

final class RepomdHandler: XMLStreamHandler {
    var files: [RepoMetadataReader.DataFile] = []
    private var current: RepoMetadataReader.DataFile?
    private var element = ""
    private var text = XMLText()

    func start(_ name: String, namespace: String, attributes: [String: String]) {
        element = name
        text = XMLText()
        switch name {
        case "data": current = .init(type: attributes["type"] ?? "", location: "")
        case "location": current?.location = attributes["href"] ?? ""
        case "checksum": current?.checksumType = attributes["type"]
        default: break
        }
    }

    func end(_ name: String, namespace: String) {
        let value = text.string.trimmingWhitespace()
        switch name {
        case "checksum": current?.checksum = value
        case "size": current?.size = Int64(value)
        case "data":
            if let c = current { files.append(c) }
            current = nil
        default: break
        }
        text = XMLText()
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(bytes) }
}

final class OtherHandler: XMLStreamHandler {
    var changelogs: [String: [ChangelogEntry]] = [:]
    private var pkgid = ""
    private var author = ""
    private var date: TimeInterval?
    private var text = XMLText()

    func start(_ name: String, namespace: String, attributes: [String: String]) {
        text = XMLText()
        if name == "package" { pkgid = attributes["pkgid"] ?? "" }
        if name == "changelog" {
            author = attributes["author"] ?? ""
            date = attributes["date"].flatMap { TimeInterval($0) }
        }
    }

    func end(_ name: String, namespace: String) {
        guard name == "changelog" else { return }
        var who = author
        var version: String?
        if let close = author.lastIndex(of: ">") {
            who = String(author[...close])
            var rest = author[author.index(after: close)...].trimmingWhitespace()
            if rest.hasPrefix("-") { rest = rest.dropFirst().trimmingWhitespace() }
            version = rest.isEmpty ? nil : rest
        }
        let when = date.map { Date(timeIntervalSince1970: $0) }
        changelogs[pkgid, default: []].append(
            ChangelogEntry(
                package: nil, version: version, distributions: [], urgency: nil, author: Person(parsing: who),
                date: when, dateText: when.map(RFC3339.string(from:)), text: text.string
            )
        )
        text = XMLText()
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(bytes) }
}
